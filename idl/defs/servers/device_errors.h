/*
 * Error codes of Harbor's device and service interfaces (console.defs,
 * block.defs, name.defs).  They travel as kern_return_t in RetCode, so
 * they must not collide with KERN_* (0..~50), MIG_* (-300..-309) or the
 * mach_msg codes (0x1000xxxx).  The D_* numbers are those of Mach 3's
 * device interface, so that readers who know it recognise them.
 */
#ifndef HARBOR_DEVICE_ERRORS_H
#define HARBOR_DEVICE_ERRORS_H

#define D_IO_ERROR		2500	/* the device reported a failure */
#define D_WOULD_BLOCK		2501	/* non-blocking call found nothing to do */
#define D_NO_SUCH_DEVICE	2502
#define D_DEVICE_DOWN		2504	/* the driver is stopping or stopped */
#define D_INVALID_OPERATION	2505	/* not supported by this device */
#define D_INVALID_RECNUM	2506	/* offset past the end or misaligned */
#define D_INVALID_SIZE		2507	/* length zero, too large or misaligned */
#define D_NO_MEMORY		2508	/* a bounded queue or table is full */
#define D_READ_ONLY		2509

/* Harbor's own, after Mach's range. */
#define D_INTERRUPTED		2520	/* a pending call was cancelled by the client */
#define D_TIMED_OUT		2521	/* a bounded wait ran out */

#endif /* HARBOR_DEVICE_ERRORS_H */
