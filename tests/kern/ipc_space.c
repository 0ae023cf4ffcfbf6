/*
 * Self-tests of IPC spaces: names, generations, growth and the bound,
 * chosen names, and that a destroyed space refuses everything.
 */
#include "ipc/ipc_space.h"
#include "ipc/mach_port.h"
#include "ipc_testlib.h"
#include "kern/ktest.h"

/* A freed and reused slot gets a new generation: the old name is refused. */
KTEST(ipc_space_name_generation)
{
	struct ipc_leak_mark mark;
	struct ipc_space *s;
	mach_port_name_t a, b;
	mach_port_type_t type;

	ipc_leak_begin(&mark);
	s = t_space();
	KEXPECT_EQ(mach_port_allocate(s, MACH_PORT_RIGHT_DEAD_NAME, &a),
	    KERN_SUCCESS);
	KEXPECT(MACH_PORT_VALID(a));
	KEXPECT(IPC_NAME_INDEX(a) != 0);
	KEXPECT_EQ(mach_port_deallocate(s, a), KERN_SUCCESS);
	KEXPECT_EQ(mach_port_type(s, a, &type), KERN_INVALID_NAME);
	KEXPECT_EQ(mach_port_allocate(s, MACH_PORT_RIGHT_DEAD_NAME, &b),
	    KERN_SUCCESS);
	KEXPECT_EQ(IPC_NAME_INDEX(b), IPC_NAME_INDEX(a));	/* slot reused */
	KEXPECT(b != a);
	KEXPECT_EQ(mach_port_type(s, a, &type), KERN_INVALID_NAME);
	KEXPECT_EQ(mach_port_deallocate(s, a), KERN_INVALID_NAME);
	KEXPECT_EQ(t_type(s, b), MACH_PORT_TYPE_DEAD_NAME);
	KEXPECT_EQ(mach_port_type(s, MACH_PORT_NULL, &type), KERN_INVALID_NAME);
	KEXPECT_EQ(mach_port_type(s, MACH_PORT_DEAD, &type), KERN_INVALID_NAME);
	ipc_space_release(s);
	ipc_leak_end(&mark);
}

/* The table grows past its first size, and stops at the bound. */
KTEST(ipc_space_growth_and_bound)
{
	struct ipc_leak_mark mark;
	struct ipc_space *s;
	mach_port_name_t name = MACH_PORT_NULL, first = MACH_PORT_NULL;
	kern_return_t kr = KERN_SUCCESS;
	unsigned n = 0, count = 0;

	ipc_leak_begin(&mark);
	s = t_space();
	s->limit = 300;
	while (n < 1000) {
		kr = mach_port_allocate(s, MACH_PORT_RIGHT_RECEIVE, &name);
		if (kr != KERN_SUCCESS)
			break;
		if (n++ == 0)
			first = name;
	}
	KEXPECT_EQ(kr, KERN_NO_SPACE);
	KEXPECT_EQ(n, 299);		/* index 0 is never used */
	KEXPECT(s->table_size <= 300);
	KEXPECT_EQ(mach_port_names(s, NULL, NULL, 0, &count), KERN_SUCCESS);
	KEXPECT_EQ(count, 299);
	/* entries survived the moves of the table */
	KEXPECT_EQ(t_type(s, first), MACH_PORT_TYPE_RECEIVE);
	KEXPECT_EQ(t_port(s, first)->receiver_name, first);
	ipc_space_release(s);
	ipc_leak_end(&mark);
}

KTEST(ipc_space_allocate_name)
{
	struct ipc_leak_mark mark;
	struct ipc_space *s;
	mach_port_name_t chosen = IPC_NAME_MAKE(500, 7), name;

	ipc_leak_begin(&mark);
	s = t_space();
	KEXPECT_EQ(mach_port_allocate_name(s, MACH_PORT_RIGHT_RECEIVE, chosen),
	    KERN_SUCCESS);
	KEXPECT_EQ(t_type(s, chosen), MACH_PORT_TYPE_RECEIVE);
	KEXPECT_EQ(mach_port_allocate_name(s, MACH_PORT_RIGHT_PORT_SET, chosen),
	    KERN_NAME_EXISTS);
	/* the same slot under another generation is taken too */
	KEXPECT_EQ(mach_port_allocate_name(s, MACH_PORT_RIGHT_DEAD_NAME,
	    IPC_NAME_MAKE(500, 8)), KERN_NAME_EXISTS);
	KEXPECT_EQ(mach_port_allocate_name(s, MACH_PORT_RIGHT_DEAD_NAME,
	    MACH_PORT_NULL), KERN_INVALID_NAME);
	KEXPECT_EQ(mach_port_allocate_name(s, MACH_PORT_RIGHT_DEAD_NAME,
	    MACH_PORT_DEAD), KERN_INVALID_NAME);
	KEXPECT_EQ(mach_port_allocate_name(s, MACH_PORT_RIGHT_DEAD_NAME,
	    IPC_NAME_MAKE(IPC_SPACE_MAX_NAMES, 0)), KERN_INVALID_NAME);
	KEXPECT_EQ(mach_port_allocate_name(s, 99, IPC_NAME_MAKE(3, 0)),
	    KERN_INVALID_VALUE);
	/* ordinary allocation still works around the chosen slot */
	for (int i = 0; i < 600; i++) {
		KEXPECT_EQ(mach_port_allocate(s, MACH_PORT_RIGHT_DEAD_NAME,
		    &name), KERN_SUCCESS);
		KEXPECT(name != chosen);
	}
	ipc_space_release(s);
	ipc_leak_end(&mark);
}

/* After task death, the space answers KERN_INVALID_TASK to everything. */
KTEST(ipc_space_destroyed_refuses)
{
	struct ipc_leak_mark mark;
	struct ipc_space *s;
	mach_port_name_t name, n2;
	mach_port_type_t type;

	ipc_leak_begin(&mark);
	s = t_space();
	name = t_receive(s);
	ipc_space_reference(s);
	ipc_space_destroy(s);
	KEXPECT_EQ(mach_port_type(s, name, &type), KERN_INVALID_TASK);
	KEXPECT_EQ(mach_port_allocate(s, MACH_PORT_RIGHT_RECEIVE, &n2),
	    KERN_INVALID_TASK);
	KEXPECT_EQ(mach_port_deallocate(s, name), KERN_INVALID_TASK);
	KEXPECT_EQ(s->names_in_use, 0);
	ipc_space_release(s);
	ipc_space_release(s);
	ipc_leak_end(&mark);
}
