/*
 * Messages about porting gaps, written to the console as
 *   harbor: <prog>: syscall <name> (<nr>) not implemented
 * once per process for each call, so that a program that needs something
 * Harbor lacks says so without flooding the console.
 */
#ifndef POSIX_LOG_H
#define POSIX_LOG_H

/* Logs (once per call number) that nr is not implemented; returns -ENOSYS. */
long posix_unimplemented(long nr);

/*
 * Logs (once per call number) that a case of an implemented call is not
 * supported yet, e.g. "mmap (9): file mappings not implemented".
 */
void posix_log_partial(long nr, const char *what);

/* Writes one complete message line, prefixed "harbor: <prog>: ". */
void posix_log(const char *msg1, const char *msg2);

#endif /* POSIX_LOG_H */
