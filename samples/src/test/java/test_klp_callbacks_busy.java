import java.util.concurrent.CountDownLatch;

/**
 * The kernel's {@code test_klp_callbacks_busy}: its init starts a worker in
 * {@link #busymod_work_func}, which the demo patch patches; with {@code block_transition=Y} the
 * worker stays inside it, so a patching transition stalls (the consistency model) until exit.
 * The parameter comes as the system property {@code test_klp_callbacks_busy.block_transition}.
 */
public final class test_klp_callbacks_busy {

    private static volatile boolean blockTransition;
    private static CountDownLatch entered;
    private static Thread worker;

    private test_klp_callbacks_busy() {}

    public static void init() throws InterruptedException {
        blockTransition = "Y".equals(System.getProperty("test_klp_callbacks_busy.block_transition"));
        System.out.println("test_klp_callbacks_busy: test_klp_callbacks_busy_init");
        entered = new CountDownLatch(1);
        worker = new Thread(test_klp_callbacks_busy::busymod_work_func, "busymod_work");
        worker.setDaemon(true);
        worker.start();
        // The kernel's work runs at once; wait for it, so that the transcript's order is fixed.
        entered.await();
        if (!blockTransition) {
            worker.join();
        }
    }

    static void busymod_work_func() {
        System.out.println("test_klp_callbacks_busy: busymod_work_func enter");
        entered.countDown();
        while (blockTransition) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.out.println("test_klp_callbacks_busy: busymod_work_func exit");
    }

    public static void exit() throws InterruptedException {
        blockTransition = false;
        worker.join();
        System.out.println("test_klp_callbacks_busy: test_klp_callbacks_busy_exit");
    }
}
