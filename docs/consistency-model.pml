/*
 * consistency-model.pml -- SPIN model of jlivepatch's consistency protocol AS IMPLEMENTED, read by
 * read: core/.../transition/Transition.java (enter, isPatched, start, tryComplete, completing,
 * reverse, force), core/.../transition/TransitionDriver.java (start, tryComplete, reverse, force,
 * complete), core/.../registry/Completion.java (the steady routes) and
 * agent/.../jvm/IndyDispatchTable.java (sync: every redirect site, then every guard site, one
 * setTarget at a time; callTarget's redirects).  Results and trails: consistency-model.md.
 * Rerun everything: docs/model/check.sh.
 *
 * Two methods f and g; f calls g.  One transition (T0: V0 -> V1), or with B2B two back to back
 * (T0: V0 -> V1, then at once T1: V1 -> V2, the replace cycles A -> B -> A').
 *
 * STEPS.  Every read or write of shared state that the code does as a separate memory access is a
 * separate step of the model, except where the .md (section "Folds") shows that merging two of them
 * changes nothing any other process can observe.  In particular, each of these is its own step:
 *   - every setTarget of a guard or redirect site, at begin and at completion;
 *   - the guard site's read, the redirect site's read, and isPatched's read of the thread's word;
 *   - in enter: entries.get with the read of `completing` (first visit), the creation under the
 *     lock, the bump (addAndGet), the read of `target`, the read of `started`, each CAS and each
 *     re-read of the word and of the target in the self-switch loop;
 *   - in the driver: the snapshot, each putIfAbsent, the rule switch, `started`, each entry read,
 *     each thread's sample (one thread per step: samples are not simultaneous), the isAlive read
 *     after a missing sample, each CAS, reverse, each entry force, `completing`.
 *
 * SIDES AND VERSIONS.  Versions V0, V1, V2.  Transition k switches between its unpatched side U and
 * its patched side P = V(k+1); U is V0 for T0, and for T1 whatever T0 ended on.  An entry's state bit
 * is 0 for U (OLD) and 1 for P (NEW); every transition starts towards NEW.  A site holds either a
 * steady version v (mode 2v) or the switching route of transition k (mode 2k+1).
 * KIND_F / KIND_G say which version of the method is its ORIGINAL body (the guard answers "false"
 * for it, and a redirect that selects it reaches versionTarget's thrower):
 *   0  V0 original   (enable of a fresh patch)
 *   1  V1 original   (a nop of atomic replace; disable of a fresh patch, sides renamed)
 *   2  none          (stacked patches; replace of a replaced method; replace cycles A -> B -> A')
 *   3  V2 original   (B2B only: the second replace drops the method)
 *
 * PROPERTIES (assertions)
 *   P1 consistency  in one stack g runs the version f runs, unless the transition was forced
 *                   assert(vg == vf || forced)
 *   P2 agreement    a redirect reached because the guard chose replacement code never selects the
 *                   original body, unless forced                    assert(!disagree)
 *   P3 no failure   no call ever throws into the application (a forced redirect that selects the
 *                   original body gets a working version)           assert(!thrown)
 *   ENDCHECK        (option) once every process has ended, every site is steady on the final
 *                   version and every remaining entry of the last transition is at its target.
 *   Invalid end states (a worker or the driver stuck) are checked in every run.
 *
 * CONFIGURATION SWITCHES (spin -a -DNAME ...)
 *   KIND_F, KIND_G      see above (default 0, 0)
 *   B2B                 two transitions back to back (T1 begins right after T0's completion)
 *   REVERSAL, MAXFLIPS  the driver may reverse at the start of a pass (at most MAXFLIPS times)
 *   FORCE               the driver may force once, at the start of a pass, then runs the pass
 *   NCALLS_A/B/C        calls per worker; NCALLS_C = 0: no worker C
 *   VIRTUAL_A/B/C       that worker is a virtual thread the agent cannot list (-Djdk.trackAllThreads
 *                       =false): never listed, never sampled
 *                       (VIRTUAL_B: starts only after begin()'s sync)
 *   UNSAMPLED_A/B/C     that worker is listed (the snapshot gives it an entry, or its first visit
 *                       does), but its stack sample may fail at any pass: absent from the samples
 *                       although alive (ThreadStacks.sample: "threads the JVM cannot sample")
 *   ENDCHECK
 *   WITH_H              B and C may call f from inside h, a method of the transition whose route
 *                       stays steady (a newer patch owns it): their visit of f is nested, and a
 *                       first one is created on the initial side before `completing`
 *   PER_METHOD_ORDER    weaker publication order: per method, redirect before its guard
 *   ANY_ORDER           the four site stores of a publication in any order (weak memory, hole 4)
 *
 * MUTATIONS AND ABLATIONS (each must fail, unless marked "ablation"; see the .md table)
 *   BACKOFF_READS        hole 1: enter re-reads `started` in the backoff branches (82d11a3)
 *   NESTED_FIRST_INITIAL hole 2: a nested first visit always takes the initial side (1daaec6,
 *                        no `completing` flag)
 *   FORCE_THROWS         hole 3: a forced redirect that selects the original body throws
 *   NO_STARTED_GATE      self-switch allowed before start()
 *   STARTED_EARLY        (ablation) `started` set right after begin()'s sync, before the snapshot
 *   GUARDS_FIRST         sync() publishes the guards before the redirects
 *   GUARDS_FIRST_AT_START (ablation) the same in begin() only
 *   NO_NESTED_INITIAL    (ablation) every first visit creates from the rule (before 1daaec6)
 *   NO_REMAINING_CHECK   completing() does not re-check the entries after setting the flag
 *   REVERSE_KEEPS_COMPLETING reverse does not clear the completing flag (before holes 5e40374)
 *   ISPATCHED_INITIAL    isPatched answers the initial side for an absent entry even while
 *                        completing (main before the fix; fails only with ANY_ORDER/GUARDS_FIRST)
 *   NO_FIX_A             enter reads creationRule outside the creation lock
 *   NO_FIX_C             (with REVERSAL) one self-switch CAS, no re-read of the target
 *   ABSENT_IS_TARGET     isPatched answers the current target for an absent entry
 *   DROP_UNSAMPLED       the driver drops every pending thread it could not sample (no isAlive)
 *   UNSAMPLED_IS_EMPTY   the driver takes a missing sample for an empty stack (no isAlive, CAS)
 *   M1  enter does not bump the counter      M1B the driver's CAS ignores the counter
 *   M2  rule switch before the snapshot      M3  self-switch allowed at a nested visit
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
#ifdef B2B
#define NT 2
#else
#define NT 1
#endif

#define NW 3   /* workers: 0 = A (inside old f when T0 begins), 1 = B (not yet started; starts at
                  any time), 2 = C (alive and idle; calls whenever)                              */

#define OLD 0
#define NEW 1

#define F 0
#define G 1

#ifndef KIND_F
#define KIND_F 0
#endif
#ifndef KIND_G
#define KIND_G 0
#endif
/* the version index of the original body: 9 = none */
#define ORIGV_OF(kind)  ((kind) == 0 -> 0 : ((kind) == 1 -> 1 : ((kind) == 3 -> 2 : 9)))
#define ORIGV(m)        ((m) == F -> ORIGV_OF(KIND_F) : ORIGV_OF(KIND_G))

/* site modes */
#define STEADY(x)   ((x) % 2 == 0)
#define SVER(x)     ((x) / 2)          /* steady: its version          */
#define SWK(x)      ((x) / 2)          /* switching: its transition k  */
#define SW(k)       (2 * (k) + 1)
/* the version of side b of transition k: P = V(k+1); U = V0 for T0, T0's final version for T1 */
#define VER(k, b)   ((b) -> (k) + 1 : ((k) == 0 -> 0 : tgt[0]))

byte gmode[2];                  /* guard site of f, g:    steady V0 at first */
byte rmode[2];                  /* redirect site of f, g: steady V0 at first */

/* per transition */
bit  tgt[NT];                   /* Transition.target (volatile)                        */
bit  rule[NT];                  /* Transition.creationRule (guarded by creationLock)   */
bool started[NT];               /* Transition.started (volatile)                       */
bool completing[NT];            /* Transition.completing (volatile): set before complete() publishes */

/* Transition.entries of transition k, worker w: index k*NW + w; absent (has == 0) or (st, cnt) */
bool has[NT*NW];
bit  st[NT*NW];
byte cnt[NT*NW];
#define IX(k)  ((k) * NW + me)

byte nf[NW];                    /* frames of f on the thread's stack */
byte ng[NW];                    /* frames of g                        */
bit  nh[NW];                    /* a frame of h: a transition method whose route stays steady
                                   (a newer patch is on top of it), WITH_H only               */
bool live[NW];                  /* started and not ended: Thread.isAlive */
bool virt[NW];                  /* not listed, never sampled (constant)  */
/* listed, but its sample may fail at any pass (UNSAMPLED_A/B/C; a constant, so a macro) */
#ifdef UNSAMPLED_A
#define UNSAMP_A 1
#else
#define UNSAMP_A 0
#endif
#ifdef UNSAMPLED_B
#define UNSAMP_B 1
#else
#define UNSAMP_B 0
#endif
#ifdef UNSAMPLED_C
#define UNSAMP_C 1
#else
#define UNSAMP_C 0
#endif
#if defined(UNSAMPLED_A) || defined(UNSAMPLED_B) || defined(UNSAMPLED_C)
#define ANY_UNSAMPLED
#endif
#define UNSAMP(w)  ((w) == 0 -> UNSAMP_A : ((w) == 1 -> UNSAMP_B : UNSAMP_C))
bool begun;                     /* ghost: T0's begin() sync has returned (for VIRTUAL_B) */
bool forced;                    /* ghost: force() has begun               */
bool disagree;                  /* ghost: P2 violated                     */
bool thrown;                    /* ghost: P3 violated                     */

/* the visit is not nested in another frame of f or g (Java: stacks.currentFrames(methods,2) < 2) */
#define UNNESTED  (nf[me] + ng[me] + nh[me] == 1)
#ifdef M3
#define SWITCH_OK (1)
#else
#define SWITCH_OK (UNNESTED)
#endif

#ifdef NO_STARTED_GATE
#define GATE(k)  1
#else
#define GATE(k)  started[k]
#endif

#ifdef NESTED_FIRST_INITIAL
#define COMPLETING(k)  0        /* hole 2: no flag, the nested first visit is always initial */
#else
#define COMPLETING(k)  completing[k]
#endif

#ifdef NO_FIX_A
#define RULE(k)  rl             /* read before taking the lock */
#else
#define RULE(k)  rule[k]        /* read under the lock, with the creation */
#endif

#ifdef NO_NESTED_INITIAL
#define CREATED(k)  RULE(k)
#else
#define CREATED(k)  ((!UNNESTED && !COMPLETING(k)) -> OLD : RULE(k))
#endif

#ifdef M1
#define BUMP(k)  skip
#else
#define BUMP(k)  cnt[IX(k)] = cnt[IX(k)] + 1
#endif

/* `goal = target`: its own step when reverse can change it; a constant otherwise (folded) */
#ifdef REVERSAL
#define READ_TARGET  t = tgt[tk]
#define FOLD_TARGET  skip
#else
#define READ_TARGET  skip
#define FOLD_TARGET  t = tgt[tk]
#endif

/* ---------------------------------------------------------------------------------------------
 * The self-switch loop of enter (Fix C):
 *   while (state(word) != goal) { word = CAS(word, word(word, goal)) ? next : entry.get();
 *                                 goal = target; }
 * each CAS, each entry.get() and each read of target is one step.                              */
inline switch_loop()
{
#ifdef NO_FIX_C
	if
	:: atomic { st[IX(tk)] == s && cnt[IX(tk)] == c -> st[IX(tk)] = t; s = t }
	:: atomic { !(st[IX(tk)] == s && cnt[IX(tk)] == c) -> skip }
	fi
#else
	do
	:: s == t -> break
	:: atomic { s != t && st[IX(tk)] == s && cnt[IX(tk)] == c -> st[IX(tk)] = t; s = t };
	   READ_TARGET
	:: atomic { s != t && !(st[IX(tk)] == s && cnt[IX(tk)] == c) -> skip };
	   atomic { s = st[IX(tk)]; c = cnt[IX(tk)] };      /* word = entry.get() */
	   READ_TARGET
	od
#endif
}

/* ---------------------------------------------------------------------------------------------
 * Transition.enter(current, m) of transition tk, called by a switching guard; leaves the version
 * the guard chose in gv.                                                                        */
inline enter(m)
{
	if
	:: d_step { has[IX(tk)] ->                     /* entries.get finds it; word = addAndGet */
		BUMP(tk); s = st[IX(tk)]; c = cnt[IX(tk)]; FOLD_TARGET }
#ifdef NO_FIX_A
	:: d_step { !has[IX(tk)] -> rl = rule[tk] };   /* absent: the rule read outside the lock */
		d_step {
#else
	/* absent: the nested walk (own stack, local), then synchronized (creationLock) { read
	 * `completing` (and creationRule); computeIfAbsent }.  entries.get's null is folded in: the
	 * lock step re-checks, so reading it at the lock is the same                              */
	:: d_step { !has[IX(tk)] ->
#endif
			if
			:: !has[IX(tk)] -> has[IX(tk)] = 1; st[IX(tk)] = CREATED(tk); cnt[IX(tk)] = 0
			:: else -> skip                /* the snapshot created it meanwhile */
			fi;
			rl = 0 };
		d_step { BUMP(tk); s = st[IX(tk)]; c = cnt[IX(tk)]; FOLD_TARGET }   /* addAndGet */
	fi;
	READ_TARGET;                                   /* goal = target */

#ifdef BACKOFF_READS
	/* Transition.enter of 82d11a3, three `if` branches, each re-reading the volatile `started`:
	 *   R1 started && state != goal && skip > 0 -> skip--        (no switch: covered by "may")
	 *   R2 started && state != goal && walk >= 2 -> nested, backoff bookkeeping, no switch
	 *   R3 started && state != goal              -> the switch loop, WITHOUT a nesting check  */
	if
	:: d_step { GATE(tk) && s != t && !UNNESTED -> skip }     /* R2 true: nested, no switch */
	:: d_step { !(GATE(tk) && s != t && !UNNESTED) -> skip }; /* R2 false (its own read)  */
	   if
	   :: d_step { GATE(tk) && s != t -> skip };              /* R3: another read, no walk */
	      switch_loop()
	   :: skip                                                /* R1 took the skip branch   */
	   fi
	fi;
#else
	/* the fix: `started` is read once per decision (the step that tests it), then the decision
	 * is local: live && state != goal && skip > 0 -> skip--; else if nested -> backoff; else
	 * the switch loop.  The switch is "may": skipping it (the backoff's skip, or a walk that
	 * counts a transition method this model does not have) is always allowed.               */
	if
	:: d_step { GATE(tk) && s != t && SWITCH_OK -> skip };   /* boolean live = started */
	   switch_loop()
	:: skip
	fi;
#endif
	atomic { gv = VER(tk, s); s = 0; t = 0; c = 0; tk = 0 }
}

/* at the end of f's dispatch f's body runs and pushes g's frame: folded into the last step,
 * since with f on the stack no other process can tell whether g's frame is there yet            */
#define PUSH_G(m)  if :: (m) == F -> ng[me]++ :: else -> skip fi

/* isPatched's answer for a thread without an entry (after its own read of `completing`) */
#if defined(ABSENT_IS_TARGET)
#define ABSENT_SIDE(k)  tgt[k]
#elif defined(ISPATCHED_INITIAL) || defined(NESTED_FIRST_INITIAL)
#define ABSENT_SIDE(k)  OLD                             /* main before the fix: initial */
#else
#define ABSENT_SIDE(k)  (completing[k] -> tgt[k] : OLD)  /* the fix: completing ? target : initial */
#endif

/* Route.Switching.replacementOnly(): when one side of transition k is m's original body, the
 * redirect runs the other side without asking (fix of hole 3; FORCE_THROWS: it asks).           */
#define ONE_ORIG(k, m)  (VER(k, OLD) == ORIGV(m) || VER(k, NEW) == ORIGV(m))
#define OTHER_SIDE(k, m) (VER(k, OLD) == ORIGV(m) -> VER(k, NEW) : VER(k, OLD))
#ifdef FORCE_THROWS
#define REPLACEMENT_ONLY(k, m)  0
#else
#define REPLACEMENT_ONLY(k, m)  ONE_ORIG(k, m)
#endif

#define END_DISPATCH(m)  gv = 0; tk = 0; again = 0; PUSH_G(m)
#define PUSH_M(m)  if :: (m) == F -> nf[me]++ :: else -> ng[me]++ fi

/* A redirect whose route selects the original body.  Unforced, the guard and the redirect
 * disagree (P2).  Forced: the fix calls the method again (one more frame of m, and its guard
 * decides anew), which must then not need another re-call (P3); FORCE_THROWS: the thrower (P3). */
#ifdef FORCE_THROWS
#define ORIGINAL_REDIRECT(m) \
	if \
	:: !forced -> disagree = 1; assert(!disagree)                      /* P2 */ \
	:: else -> thrown = 1; assert(!thrown)                             /* P3 */ \
	fi
#else
#define ORIGINAL_REDIRECT(m) \
	if \
	:: !forced -> disagree = 1; assert(!disagree)                      /* P2 */ \
	:: else -> thrown = (again > 0); assert(!thrown);                  /* P3 */ \
	           again++; gv = 0; tk = 0; PUSH_M(m) \
	fi
#endif

/* one call's dispatch of method m (f's prologue, or g's): the guard, then maybe the redirect,
 * and after a re-call the same again                                                         */
inline dispatch(m, ver)
{
	do
	::
	/* the guard: one read of the guard site */
	if
	:: atomic { STEADY(gmode[m]) -> gv = SVER(gmode[m]) }
	:: atomic { !STEADY(gmode[m]) -> tk = SWK(gmode[m]) };
	   enter(m)
	fi;
	if
	:: atomic { gv == ORIGV(m) -> ver = gv; END_DISPATCH(m) }; break      /* the original body */
	:: else ->
		/* the redirect: one read of the redirect site */
		if
		:: atomic { STEADY(rmode[m]) && SVER(rmode[m]) != ORIGV(m) ->
			ver = SVER(rmode[m]); END_DISPATCH(m) }; break
		:: atomic { STEADY(rmode[m]) && SVER(rmode[m]) == ORIGV(m) -> ORIGINAL_REDIRECT(m) }
		:: atomic { !STEADY(rmode[m]) && REPLACEMENT_ONLY(SWK(rmode[m]), m) ->
			ver = OTHER_SIDE(SWK(rmode[m]), m); END_DISPATCH(m) }; break
		:: atomic { !STEADY(rmode[m]) && !REPLACEMENT_ONLY(SWK(rmode[m]), m) -> tk = SWK(rmode[m]) };
		   /* isPatched: entries.get, then entry.get (one step: a live thread's entry stays) or,
		    * when absent, the read of `completing` (its own step)                        */
		   if
		   :: atomic { has[IX(tk)] -> ver = VER(tk, st[IX(tk)]) }
		   :: atomic { !has[IX(tk)] -> skip };
		      atomic { ver = VER(tk, ABSENT_SIDE(tk)) }
		   fi;
		   if
		   :: atomic { ver == ORIGV(m) -> ORIGINAL_REDIRECT(m) }           /* FORCE_THROWS only */
		   :: atomic { ver != ORIGV(m) -> END_DISPATCH(m) }; break
		   fi
		fi
	fi
	od
}

inline rest_of_call()
{
	dispatch(G, vg);
	atomic { assert(vg == vf || forced);                            /* P1 */
	         ng[me] = 0; nf[me] = 0; nh[me] = 0; vf = 0; vg = 0; k++ }    /* pop every frame */
}

proctype Worker(byte me; bool insideF; byte ncalls)
{
	byte k = 0, vf, vg, gv, c, tk, again;
	bit  s, t, rl;

	if
	:: insideF ->
		/* A: f's frame was pushed and f dispatched while every site was steady V0 */
		d_step { vf = 0; ng[me]++ };
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
#ifdef WITH_H
	:: d_step { k < ncalls && me != 0 -> nh[me] = 1; nf[me]++ }   /* h, then h calls f */
		dispatch(F, vf);
		rest_of_call()
#endif
	:: k >= ncalls -> break
	od;
	live[me] = 0                                /* the thread ends */
}

/* IndyDispatchTable.sync(): every redirect site setTarget + syncAll, then every guard site +
 * syncAll; within one batch the sites switch in any order (each setTarget is one step).
 * PER_METHOD_ORDER: only "each method's redirect before its own guard" (covers call sites linked
 * lazily between route() and sync(): they take the new route at link time).                  */
inline publish_redirects(mode)
{
	if
	:: rmode[F] = mode; rmode[G] = mode
	:: rmode[G] = mode; rmode[F] = mode
	fi
}
inline publish_guards(mode)
{
	if
	:: gmode[F] = mode; gmode[G] = mode
	:: gmode[G] = mode; gmode[F] = mode
	fi
}
inline publish(mode)
{
#if defined(GUARDS_FIRST)
	publish_guards(mode); publish_redirects(mode)
#elif defined(ANY_ORDER)
	/* the four setTargets in any of the 24 orders: what one reader may see on a weakly ordered
	 * CPU when its loads of the two sites are not ordered (design.md, "Two-site dispatch")  */
	do
	:: atomic { !(pub & 1) -> rmode[F] = mode; pub = pub | 1 }
	:: atomic { !(pub & 2) -> rmode[G] = mode; pub = pub | 2 }
	:: atomic { !(pub & 4) -> gmode[F] = mode; pub = pub | 4 }
	:: atomic { !(pub & 8) -> gmode[G] = mode; pub = pub | 8 }
	:: atomic { pub == 15 -> pub = 0 }; break
	od
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
	publish_redirects(mode); publish_guards(mode)
#endif
}

/* the driver's CAS of pending thread i, expecting the word read before its sample; a failure
 * means the thread visited a transition method since: "(running)", blocked                     */
#ifdef M1B
#define CAS_OK(i)  (st[k*NW + i] == ws[i])
#else
#define CAS_OK(i)  (st[k*NW + i] == ws[i] && cnt[k*NW + i] == wc[i])
#endif
#define CAS_TO_GOAL(i) \
	if \
	:: CAS_OK(i) -> st[k*NW + i] = goal \
	:: else -> blocked = 1 \
	fi; \
	pend[i] = 0; ws[i] = 0; wc[i] = 0; i++

proctype Driver()
{
	byte k = 0, i, pub;
	bit  goal;
	bool blocked;
	bool snap[NW];
	byte pend[NW];              /* the pass's pending threads (read not at the goal): 1, or 2 once
	                               their sample is missing */
	bit  ws[NW];                /* their words, read before the sample */
	byte wc[NW];
#ifdef REVERSAL
	byte flips = 0;
#endif

	do
	:: k < NT ->
	/* TransitionDriver.start(): route(m, Switching) for every method, then dispatch.sync() */
	i = SW(k);
#ifdef GUARDS_FIRST_AT_START
	publish_guards(i); publish_redirects(i);
#else
	publish(i);
#endif
	i = 0;
#ifdef VIRTUAL_B
	begun = 1;
#endif
#ifdef STARTED_EARLY
	started[k] = 1;                             /* ablation: gate opened before the snapshot */
#endif

	/* Transition.start() */
#ifdef M2
	atomic { rule[k] = tgt[k] };
#endif
	atomic { i = 0;                             /* stacks.liveThreads(): one snapshot */
	         do :: i < NW -> snap[i] = (live[i] && !virt[i]); i++
	            :: else -> break
	         od;
	         i = 0 };
	do                                          /* entries.putIfAbsent(thread, initial) */
	:: atomic { i < NW && snap[i] ->
		if
		:: !has[k*NW + i] -> has[k*NW + i] = 1; st[k*NW + i] = OLD; cnt[k*NW + i] = 0
		:: else -> skip
		fi;
		snap[i] = 0; i++ }
	:: d_step { i < NW && !snap[i] -> i++ }
	:: i >= NW -> i = 0; break
	od;
#ifndef M2
	rule[k] = tgt[k];                           /* synchronized (creationLock) */
#endif
#ifndef STARTED_EARLY
	started[k] = 1;
#endif

	/* TransitionDriver.tryComplete(): passes until one finds nothing blocked; reverse and force run
	 * under the registry lock, so only between passes                                        */
	do
	::
#ifdef REVERSAL
		if
		:: flips < MAXFLIPS ->
			/* Transition.reverse(), under creationLock: flip the target, the rule follows; a
			 * completing() that found a late entry published nothing, so the flag is cleared */
			atomic { tgt[k] = 1 - tgt[k]; rule[k] = tgt[k]; flips++
#ifndef REVERSE_KEEPS_COMPLETING
			         ; completing[k] = 0
#endif
			}
		:: skip
		fi;
#endif
#ifdef FORCE
		/* Transition.force(): for each entry, CAS to the target until it is there (one step
		 * per entry: the loop linearizes at its last read or successful CAS)             */
		if
		:: !forced ->
			d_step { forced = 1; goal = tgt[k]; i = 0 };
			do
			:: atomic { i < NW ->
				if
				:: has[k*NW + i] && st[k*NW + i] != goal -> st[k*NW + i] = goal
				:: else -> skip
				fi; i++ }
			:: i >= NW -> i = 0; break
			od
		:: skip
		fi;
#endif
		atomic { goal = tgt[k]; blocked = 0; i = 0 };

		/* dropEnded() then the reads of the words, folded per thread (an ended thread stays
		 * ended); pending = not at the goal; the word is kept for the CAS                  */
		do
		:: d_step { i < NW ->
			if
			:: has[k*NW + i] && !live[i] -> has[k*NW + i] = 0; st[k*NW + i] = 0; cnt[k*NW + i] = 0
			:: has[k*NW + i] && live[i] && st[k*NW + i] != goal ->
				pend[i] = 1; ws[i] = st[k*NW + i]; wc[i] = cnt[k*NW + i]
			:: else -> skip
			fi; i++ }
		:: i >= NW -> i = 0; break
		od;

		/* stacks.sample(pending): one step per thread, each sample at its own instant and
		 * interleaved with the workers' steps (the agent samples virtual threads one at a time;
		 * platform threads 128 to a safepoint, which is the interleaving with no worker step in
		 * between).  The sample decides alone: a frame -> blocked (pend 0); an empty stack -> the CAS
		 * below (pend 1); no sample of a live thread -> isAlive below (pend 2).  A thread that ended
		 * is absent and isAlive then answers false whatever runs in between (ended stays ended):
		 * folded, its entry is dropped here.                                                   */
		do
		:: d_step { i < NW && !pend[i] -> i++ }
		:: d_step { i < NW && pend[i] ->
			if
			:: !live[i] -> has[k*NW + i] = 0; st[k*NW + i] = 0; cnt[k*NW + i] = 0;
			               pend[i] = 0; ws[i] = 0; wc[i] = 0
			:: live[i] && !virt[i] && nf[i] + ng[i] + nh[i] == 0 -> skip    /* empty: CAS below */
			:: live[i] && !virt[i] && nf[i] + ng[i] + nh[i] != 0 ->
				blocked = 1; pend[i] = 0; ws[i] = 0; wc[i] = 0
			:: live[i] && virt[i] -> pend[i] = 2                           /* never sampled */
			fi; i++ }
#ifdef ANY_UNSAMPLED
		/* UNSAMPLED_A/B/C: a listed thread whose sample fails at this pass (absent from the map) */
		:: d_step { i < NW && pend[i] == 1 && live[i] && UNSAMP(i) -> pend[i] = 2; i++ }
#endif
		:: i >= NW -> i = 0; break
		od;

		/* for each pending thread in turn: no sample -> isAlive, its own read (the thread may end
		 * after its sample failed) -> blocked "(no stack sample)" or ended, dropped; an empty stack
		 * -> the CAS, expecting the word read before the sample                                 */
		do
		:: d_step { i < NW && !pend[i] -> i++ }
#ifdef UNSAMPLED_IS_EMPTY
		:: d_step { i < NW && pend[i] -> CAS_TO_GOAL(i) }  /* mutation: no sample = empty stack */
#else
		:: d_step { i < NW && pend[i] == 1 -> CAS_TO_GOAL(i) }
		:: d_step { i < NW && pend[i] == 2 ->
#ifdef DROP_UNSAMPLED
			has[k*NW + i] = 0; st[k*NW + i] = 0; cnt[k*NW + i] = 0;   /* mutation: no isAlive */
#else
			if
			:: live[i] -> blocked = 1                                  /* "(no stack sample)" */
			:: else -> has[k*NW + i] = 0; st[k*NW + i] = 0; cnt[k*NW + i] = 0
			fi;
#endif
			pend[i] = 0; ws[i] = 0; wc[i] = 0; i++ }
#endif
		:: i >= NW -> i = 0; break
		od;

		/* TransitionDriver.tryComplete(): a clean pass, then Transition.completing(): the flag (under
		 * the creation lock), then remaining() == 0, one entry read per step; an entry created
		 * on the initial side after the pass read the table (a first visit nested in h) makes
		 * it false and the driver runs another pass (the flag stays set)                     */
		if
		:: !blocked ->
#ifndef NESTED_FIRST_INITIAL
			completing[k] = 1;
#ifndef NO_REMAINING_CHECK
			do
			:: atomic { i < NW ->
				if
				:: has[k*NW + i] && st[k*NW + i] != goal -> blocked = 1
				:: else -> skip
				fi; i++ }
			:: atomic { i >= NW -> i = 0 }; break
			od;
#endif
#endif
			if
			:: !blocked -> break
			:: else -> skip
			fi
		:: else -> skip
		fi
	od;

	/* TransitionDriver.complete() -> Completion.complete(): route(m, Steady(final)) for every method, then sync() */
	i = 2 * VER(k, goal);
	publish(i);
	atomic { i = 0; k++ }
	:: k >= NT -> break
	od
}

init
{
	byte k;
	atomic {
		tgt[0] = NEW;
#ifdef M4
		rule[0] = NEW;
#endif
#if NT > 1
		tgt[1] = NEW;
#ifdef M4
		rule[1] = NEW;
#endif
#endif
#ifdef VIRTUAL_A
		virt[0] = 1;
#endif
#ifdef VIRTUAL_C
		virt[2] = 1;
#endif
#ifdef VIRTUAL_B
		virt[1] = 1;
#endif
		live[0] = 1; nf[0] = 1;     /* A: alive, inside f (dispatched while steady: V0) */
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
		k = 2 * VER(NT - 1, tgt[NT - 1]);
		assert(gmode[F] == k && gmode[G] == k && rmode[F] == k && rmode[G] == k);
		assert(!has[(NT-1)*NW + 0] || st[(NT-1)*NW + 0] == tgt[NT - 1]);
		assert(!has[(NT-1)*NW + 1] || st[(NT-1)*NW + 1] == tgt[NT - 1]);
		assert(!has[(NT-1)*NW + 2] || st[(NT-1)*NW + 2] == tgt[NT - 1])
	}
#endif
}
