/*
 * init — PID 1 of the Linux benchmark initramfs.
 *
 * Gives itself a console, runs every program in /bench in name order (the
 * order is fixed so that two runs execute the same instructions), reports a
 * program that fails, and powers the machine off.  The host reads the BENCH
 * lines the programs print; "BENCH-DONE" tells it the run was complete, so
 * a guest that died half way is not mistaken for one that finished.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BENCH_DIR   "/bench"
#define BENCH_MAX   64

/*
 * The kernel hands PID 1 no descriptors when the initramfs lacks
 * /dev/console, and building one would need mknod (root) on the host.
 * devtmpfs gives us the node instead.
 */
static void init_console(void)
{
	int fd;

	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	/* Only emergencies on the console: a late kernel message would split a BENCH line. */
	klogctl(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, NULL, 1);
}

static int init_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fills names[] with the programs in BENCH_DIR, sorted.  Returns the count. */
static int init_list_benchmarks(char *names[], int max)
{
	DIR *dir = opendir(BENCH_DIR);
	struct dirent *de;
	int n = 0;

	if (dir == NULL)
		return 0;
	while ((de = readdir(dir)) != NULL && n < max) {
		if (de->d_name[0] == '.')
			continue;
		names[n] = strdup(de->d_name);
		if (names[n] != NULL)
			n++;
	}
	closedir(dir);
	qsort(names, (size_t)n, sizeof names[0], init_cmp_names);
	return n;
}

/* Runs one program to completion; returns 0 if it exited with status 0. */
static int init_run(const char *name)
{
	char path[256];
	int status;
	pid_t pid;

	snprintf(path, sizeof path, "%s/%s", BENCH_DIR, name);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char *const argv[] = { path, NULL };
		char *const envp[] = { NULL };
		execve(path, argv, envp);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) != pid)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(void)
{
	char *names[BENCH_MAX];
	int n, failed = 0;

	init_console();
	n = init_list_benchmarks(names, BENCH_MAX);
	printf("BENCH-START linux programs=%d\n", n);
	fflush(stdout);

	for (int i = 0; i < n; i++) {
		if (init_run(names[i]) != 0) {
			printf("BENCH-FAIL %s exited abnormally\n", names[i]);
			failed++;
		}
		fflush(stdout);
	}

	printf("BENCH-DONE failed=%d\n", failed);
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	/* Not reached; if it were, PID 1 exiting panics and panic=-1 reboots, which -no-reboot turns into an exit. */
	return 1;
}
