/*
 * consistency-model.pml -- SPIN model of jlivepatch's consistency protocol AS IMPLEMENTED
 * (core/.../transition/Transition.java, core/.../registry/Livepatch.java begin()/complete(),
 * agent/.../jvm/IndyDispatchTable.java sync()).  Derived from the steering repository's
 * consistency-protocol.pml (the protocol as specified, Fix A + Fix C); see consistency-model.md.
 *
 * Two methods f and g of one transition; f calls g.
 *
 * What is new with respect to consistency-protocol.pml:
 *  - no global phase: each method m has a GUARD site gmode[m] and a REDIRECT site rmode[m]
 *    (MutableCallSites), each STEADY_OLD, SWITCHING or STEADY_NEW, switched one at a time:
 *    begin(): every redirect (any order), then every guard (any order) -> SWITCHING;
 *    complete(): the same order -> the steady mode of the final target;
 *  - a call is two reads: the guard (steady: constant side; switching: Transition.enter = entry
 *    creation, bump, maybe self-switch) and, when the side the guard chose is not the original
 *    body, the redirect (steady: constant side; switching: Transition.isPatched = one plain read
 *    of the thread's word, an absent entry answering the pre-transition side);
 *  - the `started` gate: no self-switch before start() set it (after snapshot and rule switch);
 *  - tryComplete() as coded: drop the entries of ended threads, read every word, sample the
 *    pending threads, then per thread: no sample -> alive ? blocked : drop;  frames -> blocked;
 *    else CAS expecting the word read before the sample;
 *  - Fix A (creation under the lock that the rule switch and reverse take) and Fix C (follow
 *    the target after a self-switch) as coded; reverse flips target and creationRule under that
 *    lock, i.e. atomically with respect to entry creation;
 *  - threads the listing does not return and the driver cannot sample (virtual threads).
 *
 * Sides.  Versions are named by side: OLD = the unpatched side U of Route.Switching, NEW = the
 * patched side P.  The transition starts towards NEW (initial state OLD); an unpatching
 * transition is the same model with the sides renamed, which is why the kind of each method is
 * a parameter: KIND_m says which side, if any, is the ORIGINAL body (the guard answers "false"
 * for it and the redirect throws for it):
 *   ORIG_OLD  U original, P replacement   (enable of a fresh patch)
 *   ORIG_NEW  U replacement, P original   (a nop of atomic replace; disable of a fresh patch)
 *   ORIG_NONE both replacements           (a patch stacked on another; replace of a replaced f)
 *
 * PROPERTIES (assertions)
 *   P1 (consistency)  in one stack, g runs the side f runs                 assert(vg == vf)
 *   P2 (agreement)    a redirect reached because the guard chose replacement code never selects
 *                     the original body (IndyDispatchTable's versionTarget would throw)
 *   ENDCHECK (optional): once every process has ended, every site is in the steady mode of the
 *                     final target and every remaining entry is at that target.
 *
 * Compile-time switches (spin -a -DNAME consistency-model.pml):
 *   REVERSAL, MAXFLIPS   the driver may reverse at the start of a pass (at most MAXFLIPS times)
 *   KIND_F, KIND_G       0 ORIG_OLD (default), 1 ORIG_NEW, 2 ORIG_NONE
 *   VIRTUAL_A            worker A (inside old f when the transition begins) is a virtual thread:
 *                        not listed by liveThreads(), never sampled
 *   VIRTUAL_C            worker C (alive and idle when the transition begins) is virtual
 *   VIRTUAL_B            worker B is a virtual thread that starts after begin()'s sync()
 *   NCALLS_A/B/C, ENDCHECK
 * ablations / mutations of the implementation:
 *   NO_STARTED_GATE      self-switch allowed before start()           (the stress-test bug)
 *   STARTED_EARLY        (ablation) `started` set right after sync(), before the snapshot
 *   GUARDS_FIRST         sync() publishes the guards before the redirects
 *   GUARDS_FIRST_AT_START  (ablation) the same in begin() only; complete() keeps the code's order
 *   PER_METHOD_ORDER     (not a mutation) weaker publication order: per method, redirect first
 *   NO_FIX_A             enter reads creationRule and creates the entry in two steps
 *   NO_FIX_C             (with REVERSAL) one self-switch CAS, no re-read of the target
 *   ABSENT_IS_TARGET     isPatched answers the current target for an absent entry
 *   DROP_UNSAMPLED       the driver drops every pending thread it could not sample (no isAlive)
 *   M1  enter does not bump the counter      M1B the driver's CAS ignores the counter
 *   M2  rule switch before the snapshot      M3  self-switch allowed at g (nested) too
 *   M4  creationRule = target from the start
 */

#ifndef NCALLS_A
#define NCALLS_A 2
#endif
#ifndef NCALLS_B
#define NCALLS_B 2
#endif
#ifndef NCALLS_C
#define NCALLS_C 1          /* 0: no worker C */
#endif
#ifndef MAXFLIPS
#define MAXFLIPS 1
#endif

#define NW 3   /* workers: 0 = A (inside old f when the transition begins), 1 = B (not yet
                  started; starts at any time), 2 = C (alive and idle; calls whenever)      */

#define OLD 0
#define NEW 1

/* call-site modes */
#define SO 0   /* Route.Steady(U)  */
#define TR 1   /* Route.Switching  */
#define SN 2   /* Route.Steady(P)  */

#define F 0
#define G 1

#define ORIG_OLD  0
#define ORIG_NEW  1
#define ORIG_NONE 2
#ifndef KIND_F
#define KIND_F ORIG_OLD
#endif
#ifndef KIND_G
#define KIND_G ORIG_OLD
#endif
#define ORIG(m)  ((m) == F -> KIND_F : KIND_G)

byte gmode[2];                  /* guard site of f, g:    SO at first */
byte rmode[2];                  /* redirect site of f, g: SO at first */

bit  tgt = NEW;                 /* Transition.target (volatile)                     */
#ifdef M4
bit  creationRule = NEW;
#else
bit  creationRule = OLD;        /* Transition.creationRule (guarded by creationLock) */
#endif
bool started;                   /* Transition.started (volatile)                    */

/* Transition.entries: per thread absent (has == 0) or the word (st, cnt) */
bool has[NW];
bit  st[NW];
byte cnt[NW];

byte nf[NW];                    /* frames of f on the thread's stack */
byte ng[NW];                    /* frames of g                        */
bool live[NW];                  /* started and not ended: Thread.isAlive */
bool virt[NW];                  /* not listed, never sampled (constant)  */
bool begun;                     /* ghost: begin()'s sync() has returned (for VIRTUAL_B) */

/* the current visit is not nested in another frame of f or g */
#define UNNESTED  (nf[me] + ng[me] == 1)
#ifdef M3
#define SWITCH_OK(m)  (UNNESTED || (m) == G)
#else
#define SWITCH_OK(m)  (UNNESTED)
#endif
/* note: with f calling g, an un-nested visit is always f's; the site test of the shared model
 * is implied.  (Java: stacks.currentFrames(methods, 2) < 2.)                                 */

#ifdef NO_STARTED_GATE
#define GATE  1
#else
#define GATE  started
#endif

/* ------------------------------------------------------------------------------------------ */
/* Transition.enter(current, m), called by a SWITCHING guard; leaves the chosen side in `side`  */
inline enter(m)
{
	/* entryOf (entries.get; absent: create under creationLock), then step 1:
	 * word = entry.addAndGet(VISIT).  Folded into one step: between the creation and the bump
	 * no other process can act on this word in a way the bump would change (the thread is inside
	 * f, so a driver pass sees a frame; the snapshot's putIfAbsent finds the entry), see the .md */
#ifdef NO_FIX_A
	if
	:: has[me]
	:: !has[me] -> rule = creationRule           /* read the rule (own step), lock-free */
	fi;
#endif
	d_step {
		if
#ifdef NO_FIX_A
		:: !has[me] -> has[me] = 1; st[me] = rule; cnt[me] = 0
#else
		:: !has[me] -> has[me] = 1; st[me] = creationRule; cnt[me] = 0
#endif
		:: else -> skip
		fi;
#ifndef M1
		cnt[me] = cnt[me] + 1;
#endif
		s = st[me]; c = cnt[me]; rule = 0;
#ifndef REVERSAL
		t = tgt                                 /* constant without reverse: folded */
#endif
	};
#ifdef REVERSAL
	t = tgt;                                    /* goal = target (own step) */
#endif

	/* started && state(word) != goal && currentFrames(methods, 2) < 2.  The switch is optional
	 * ("may"): the Java test is deterministic, but its frame count depends on other transition
	 * methods (e.g. one whose route stays steady) that this model does not have.  Reading
	 * `started` in the CAS step is exact: it only goes 0 -> 1 and not switching is always an
	 * option.                                                                               */
	if
	:: atomic { GATE && s != t && SWITCH_OK(m) ->
#ifdef NO_FIX_C
		if
		:: st[me] == s && cnt[me] == c -> st[me] = t; s = t
		:: else -> s = st[me]               /* failed: the witness */
		fi }
#else
		/* Fix C: while (state != goal) { CAS; on failure re-read; goal = target } */
		if
		:: st[me] == s && cnt[me] == c -> st[me] = t; s = t; ok = 1
		:: else -> ok = 0
		fi;
#ifndef REVERSAL
		t = tgt
#endif
		}
		do
		:: if
		   :: !ok -> d_step { s = st[me]; c = cnt[me] }   /* word = entry.get() */
		   :: else -> skip
		   fi;
#ifdef REVERSAL
		   t = tgt;                                        /* goal = target */
#endif
		   if
		   :: s == t -> break
		   :: else ->
			atomic { if
			         :: st[me] == s && cnt[me] == c -> st[me] = t; s = t; ok = 1
			         :: else -> ok = 0
			         fi }
		   fi
		od
#endif
	:: skip                                     /* does not switch (gate, goal, nesting, or "may") */
	fi;
	atomic { side = s; s = 0; t = 0; c = 0; ok = 0 }
}

/* one call's dispatch of method m (f's prologue, or g's): guard, then maybe the redirect.
 * At the end of f's dispatch, f's body runs and pushes g's frame: folded into the last step,
 * since with f on the stack no other process can tell whether g's frame is there yet.        */
#define PUSH_G(m)  if :: (m) == F -> ng[me]++ :: else -> skip fi

inline dispatch(m, ver)
{
	/* the guard: one read of the guard site */
	if
	:: d_step { gmode[m] == SO -> side = OLD }
	:: d_step { gmode[m] == SN -> side = NEW }
	:: gmode[m] == TR -> enter(m)
	fi;
	if
	:: d_step { side == ORIG(m) -> ver = side; side = 0; PUSH_G(m) }   /* original body */
	:: else ->
		/* the redirect: one read of the redirect site and, if switching, isPatched's read of the
		 * word, folded: no other process can change what isPatched answers in between (see .md) */
		if
		:: d_step { rmode[m] == SO -> ver = OLD; assert(ver != ORIG(m)); side = 0; PUSH_G(m) }
		:: d_step { rmode[m] == SN -> ver = NEW; assert(ver != ORIG(m)); side = 0; PUSH_G(m) }
		:: d_step { rmode[m] == TR ->
			if
			:: has[me] -> ver = st[me]
#ifdef ABSENT_IS_TARGET
			:: else -> ver = tgt
#else
			:: else -> ver = OLD            /* absent: the pre-transition side */
#endif
			fi;
			assert(ver != ORIG(m));         /* P2 */
			side = 0; PUSH_G(m) }
		fi
	fi
}

/* the rest of one call of f once f's version is known and g's frame pushed: dispatch g, check,
 * pop g and f (one step: no other process can tell the two pops apart)                        */
inline rest_of_call()
{
	dispatch(G, vg);
	d_step { assert(vg == vf);                                    /* P1 */
	         ng[me]--; nf[me]--; vf = 0; vg = 0; k++ }
}

proctype Worker(byte me; bool insideF; byte ncalls)
{
	byte k = 0;
	bit  vf, vg, s, t, side, rule;
	bool ok;
	byte c;

	if
	:: insideF ->
		/* A: f's frame was pushed and f dispatched while every site was STEADY_OLD (set up by
		 * init): f runs OLD; this finishes that call, which counts as call 1               */
		d_step { vf = OLD; ng[me]++ };
		rest_of_call()
	:: !insideF && live[me]                     /* C: alive, idle; calls whenever */
#ifdef VIRTUAL_B
	:: !insideF && !live[me] && begun -> live[me] = 1   /* B: starts after the routes switch */
#else
	:: !insideF && !live[me] -> live[me] = 1    /* B: the thread starts, at any time */
#endif
	fi;

	do
	:: d_step { k < ncalls -> nf[me]++ }        /* push f's frame (the guard is f's prologue) */
		dispatch(F, vf);
		rest_of_call()
	:: k >= ncalls -> break
	od;
	live[me] = 0                                /* the thread ends */
}

/* IndyDispatchTable.sync(): every redirect site setTarget + syncAll, then every guard site +
 * syncAll; within one batch the sites switch in any order.
 * PER_METHOD_ORDER: the weaker order "each method's redirect before its own guard", any
 * interleaving across methods (covers call sites linked lazily between route() and sync(), which
 * take the new route at link time, and a guard's redirect links only after the guard).       */
inline publish(mode)
{
#if defined(GUARDS_FIRST)
	if
	:: gmode[F] = mode; gmode[G] = mode
	:: gmode[G] = mode; gmode[F] = mode
	fi;
	if
	:: rmode[F] = mode; rmode[G] = mode
	:: rmode[G] = mode; rmode[F] = mode
	fi
#elif defined(PER_METHOD_ORDER)
	if
	:: rmode[F] = mode; gmode[F] = mode; rmode[G] = mode; gmode[G] = mode
	:: rmode[F] = mode; rmode[G] = mode; gmode[F] = mode; gmode[G] = mode
	:: rmode[F] = mode; rmode[G] = mode; gmode[G] = mode; gmode[F] = mode
	:: rmode[G] = mode; gmode[G] = mode; rmode[F] = mode; gmode[F] = mode
	:: rmode[G] = mode; rmode[F] = mode; gmode[G] = mode; gmode[F] = mode
	:: rmode[G] = mode; rmode[F] = mode; gmode[F] = mode; gmode[G] = mode
	fi
#else
	if
	:: rmode[F] = mode; rmode[G] = mode
	:: rmode[G] = mode; rmode[F] = mode
	fi;
	if
	:: gmode[F] = mode; gmode[G] = mode
	:: gmode[G] = mode; gmode[F] = mode
	fi
#endif
}

proctype Driver()
{
	byte i;
	bit  goal;
	bool blocked;
	bool snap[NW];
	bool pend[NW];              /* the pass's pending threads (read not at the goal) */
	bit  ws[NW];                /* their words, read before the sample */
	byte wc[NW];
#ifdef REVERSAL
	byte flips = 0;
#endif

	/* Livepatch.begin(): route(m, Switching) for f and g, then dispatch.sync() */
#ifdef GUARDS_FIRST_AT_START
	if                                          /* ablation: guards first, at start only */
	:: gmode[F] = TR; gmode[G] = TR
	:: gmode[G] = TR; gmode[F] = TR
	fi;
	if
	:: rmode[F] = TR; rmode[G] = TR
	:: rmode[G] = TR; rmode[F] = TR
	fi;
#else
	publish(TR);
#endif
#ifdef VIRTUAL_B
	begun = 1;
#endif
#ifdef STARTED_EARLY
	started = 1;                                /* ablation: gate opened before the snapshot */
#endif

	/* Transition.start() */
#ifdef M2
	atomic { creationRule = tgt };
#endif
	d_step { i = 0;                             /* stacks.liveThreads(): one snapshot */
	         do :: i < NW -> snap[i] = (live[i] && !virt[i]); i++
	            :: else -> break
	         od;
	         i = 0 };
	do                                          /* entries.putIfAbsent(thread, initial) */
	:: atomic { i < NW && snap[i] ->
		if
		:: !has[i] -> has[i] = 1; st[i] = OLD; cnt[i] = 0
		:: else -> skip
		fi;
		snap[i] = 0; i++ }
	:: d_step { i < NW && !snap[i] -> i++ }
	:: i >= NW -> i = 0; break
	od;
#ifndef M2
	atomic { creationRule = tgt };              /* synchronized (creationLock) */
#endif
#ifndef STARTED_EARLY
	started = 1;
#endif

	/* tryComplete() passes until one finds nothing blocked */
	do
	::
#ifdef REVERSAL
		if                                      /* reverse(): under the registry lock, between passes */
		:: flips < MAXFLIPS ->
			atomic { tgt = 1 - tgt; creationRule = tgt; flips++ }
		:: skip
		fi;
#endif
		d_step { goal = tgt; blocked = 0; i = 0 };

		/* dropEnded() then the reads of the words, folded per thread: an ended thread stays
		 * ended and nothing else touches its entry, so dropping it at its read is the same.
		 * pending = not at the goal; the word is kept for the CAS                           */
		do
		:: d_step { i < NW ->
			if
			:: has[i] && !live[i] -> has[i] = 0; st[i] = 0; cnt[i] = 0
			:: has[i] && live[i] && st[i] != goal -> pend[i] = 1; ws[i] = st[i]; wc[i] = cnt[i]
			:: else -> skip
			fi; i++ }
		:: i >= NW -> i = 0; break
		od;

		/* stacks.sample(pending): each thread's sample is exact (one safepoint); one step per
		 * thread over-approximates one safepoint per batch.  Folded with what follows from the
		 * sample alone: a frame -> blocked; no sample -> isAlive ? blocked : dropped (an ended
		 * thread stays ended; a thread ending in between only delays the drop by one pass)    */
		do
		:: d_step { i < NW && !pend[i] -> i++ }
		:: d_step { i < NW && pend[i] ->
			if
			:: live[i] && !virt[i] && nf[i] + ng[i] == 0 -> skip    /* empty: CAS below */
			:: live[i] && !virt[i] && nf[i] + ng[i] != 0 ->
				blocked = 1; pend[i] = 0; ws[i] = 0; wc[i] = 0
#ifdef DROP_UNSAMPLED
			:: else ->                      /* mutation: taken for ended */
				has[i] = 0; st[i] = 0; cnt[i] = 0; pend[i] = 0; ws[i] = 0; wc[i] = 0
#else
			:: else -> if
				   :: live[i] -> blocked = 1    /* alive, no sample: blocks */
				   :: else -> has[i] = 0; st[i] = 0; cnt[i] = 0
				   fi;
				   pend[i] = 0; ws[i] = 0; wc[i] = 0
#endif
			fi; i++ }
		:: i >= NW -> i = 0; break
		od;

		/* the CAS of each sampled thread with no frame, expecting the word read before */
		do
		:: d_step { i < NW && !pend[i] -> i++ }
		:: d_step { i < NW && pend[i] ->
			if
#ifdef M1B
			:: st[i] == ws[i] -> st[i] = goal
#else
			:: st[i] == ws[i] && cnt[i] == wc[i] -> st[i] = goal
#endif
			:: else -> blocked = 1              /* "(running)" */
			fi;
			pend[i] = 0; ws[i] = 0; wc[i] = 0; i++ }
		:: i >= NW -> i = 0; break
		od;

		if
		:: !blocked -> break
		:: else -> skip
		fi
	od;

	/* Livepatch.complete(): route(m, Steady(top)) for f and g, then dispatch.sync() */
	if
	:: goal == NEW -> publish(SN)
	:: else -> publish(SO)
	fi
}

init
{
	atomic {
#ifdef VIRTUAL_A
		virt[0] = 1;
#endif
#ifdef VIRTUAL_C
		virt[2] = 1;
#endif
#ifdef VIRTUAL_B
		virt[1] = 1;
#endif
		live[0] = 1; nf[0] = 1;     /* A: alive, inside f (dispatched while steady: OLD) */
		run Driver();
		run Worker(0, 1, NCALLS_A);
		run Worker(1, 0, NCALLS_B);
#if NCALLS_C > 0
		live[2] = 1;                /* C: alive, idle */
		run Worker(2, 0, NCALLS_C)
#endif
	}
#ifdef ENDCHECK
	(_nr_pr == 1) ->
	d_step {
		if
		:: tgt == NEW -> assert(gmode[F] == SN && gmode[G] == SN && rmode[F] == SN && rmode[G] == SN)
		:: else -> assert(gmode[F] == SO && gmode[G] == SO && rmode[F] == SO && rmode[G] == SO)
		fi;
		assert(!has[0] || st[0] == tgt);
		assert(!has[1] || st[1] == tgt);
		assert(!has[2] || st[2] == tgt)
	}
#endif
}
