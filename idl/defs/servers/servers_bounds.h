/*
 * Bounds of Harbor's service interfaces, shared by the .defs files (which
 * include this through cpp, so: plain numbers, no C) and the C code.
 */
#ifndef HARBOR_SERVERS_BOUNDS_H
#define HARBOR_SERVERS_BOUNDS_H

/* console.defs: bytes in one console_write or console_read. */
#define CONSOLE_IO_MAX		4096
/* console_read mode bit: reply D_WOULD_BLOCK at once instead of waiting. */
#define CONSOLE_READ_NONBLOCK	1

/* block.defs: bytes in one block_read or block_write (256 pages). */
#define BLOCK_IO_MAX		1048576

/* name.defs: a service name's bytes with its NUL; the longest lookup wait
 * in ms; the bytes of name_list's NUL-separated names. */
#define NAME_LEN_MAX		64
#define NAME_LOOKUP_WAIT_MAX	60000
#define NAME_LIST_MAX		4096
/* name_register flags: replace a name the caller registered before. */
#define NAME_REGISTER_REPLACE	1

#endif /* HARBOR_SERVERS_BOUNDS_H */
