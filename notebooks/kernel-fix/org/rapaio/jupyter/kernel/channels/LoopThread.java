package org.rapaio.jupyter.kernel.channels;

/**
 * Replaces the Java kernel's own {@code LoopThread} (rapaio-jupyter-kernel 3.0.1, the latest on Maven Central), whose
 * channel threads (shell, control, heartbeat) can end before they serve anything, in two ways:
 *
 * <ul>
 *   <li>it sets its {@code running} flag only after {@code Thread.start()}: on an idle multi-core machine the new
 *       thread often reads the flag first, sees false and ends at once;
 *   <li>the channels start polling before the kernel has registered its message handlers, so a request that arrives
 *       in that window throws a NullPointerException, which ends the thread.
 * </ul>
 *
 * Either way nbclient reports "Kernel didn't respond": 2 of 14 kernel starts here, and 0 of 20 with this class, which
 * sets the flag before the thread starts and keeps looping after an exception (Jupyter clients repeat their first
 * request until it is answered; 5 of the 20 starts needed that). notebooks/execute puts it on the kernel's classpath
 * ahead of the kernel's jar; it has the same constructor and methods as the class it replaces, which the kernel's other
 * classes call.
 */
public final class LoopThread extends Thread {
    private volatile boolean running;
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        while (running) {
            try {
                loopBody.run();
            } catch (RuntimeException e) {
                System.err.println(getName() + ": " + e + " (the channel goes on)");
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true; // before the thread can read it
        super.start();
    }

    public void shutdown() {
        running = false;
    }
}
