package org.fl4j.aggregation.kernel;

/** Main class run in a child JVM by {@link KernelsTest}: prints which kernels it got, asking twice. */
final class KernelsProbe {

    private KernelsProbe() {
    }

    public static void main(String[] args) {
        Kernels.get();
        System.out.println("kernels=" + Kernels.get().name() + " vector=" + Kernels.vector().isPresent());
    }
}
