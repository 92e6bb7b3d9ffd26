package io.atelier.trainer.config;

import ai.djl.Device;

/** Where training runs, as configured; {@link #select(int)} turns it into a DJL device once the engine is up. */
public enum DeviceChoice {

    /** The first CUDA GPU when DJL's engine sees one, else the CPU. */
    AUTO,
    /** The CPU, even when a GPU is visible (e.g. to leave the GPU to inference). */
    CPU,
    /** The first CUDA GPU; the trainer does not start without one, rather than train hours on the CPU. */
    GPU;

    /**
     * The device for this choice, given how many GPUs the engine sees.
     *
     * @throws IllegalStateException for {@link #GPU} when none is visible
     */
    public Device select(int visibleGpus) {
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> visibleGpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (visibleGpus == 0) {
                    throw new IllegalStateException("atelier.trainer.device=gpu, but DJL's PyTorch engine sees no"
                            + " CUDA GPU: run the trainer-gpu image (LibTorch for CUDA, PYTORCH_FLAVOR) on a GPU node"
                            + " with the NVIDIA container toolkit, or set ATELIER_TRAINER_DEVICE=auto or cpu");
                }
                yield Device.gpu();
            }
        };
    }
}
