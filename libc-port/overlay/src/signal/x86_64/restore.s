# Harbor overlay for musl's src/signal/x86_64/restore.s.
#
# void __restore_rt(void)
#
# musl installs __restore_rt as the return address of every signal
# handler (sigaction's sa_restorer).  When the handler returns, %rsp
# points at the signal frame below it; the restorer must put back the
# interrupted context saved there.  On Linux that is rt_sigreturn.  On
# Harbor signals are delivered by the personality, which also built the
# frame, so the restorer hands the frame's address to
# __harbor_sigreturn (personality/posix/signal.c), which never returns.

	.text
	.global __restore_rt
	.hidden __restore_rt
	.type __restore_rt,@function
__restore_rt:
	mov %rsp,%rdi
	and $-16,%rsp
	call __harbor_sigreturn
	ud2				# __harbor_sigreturn does not return
	.size __restore_rt,.-__restore_rt
	.section .note.GNU-stack,"",@progbits
