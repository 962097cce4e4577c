import CPosix

/// Process-wide memory settings for the long commands (`run`, `report`).
public enum ProcessMemory {
    /// Large blocks (row batches, read chunks, file buffers: 128 KB and up) are mapped for
    /// themselves and given back when freed. glibc otherwise raises its mapping threshold to
    /// the largest block freed so far and serves later ones from the heaps of the five
    /// threads of the outputs, which keep what they free: a 1.5M-row week peaked at 141 MB
    /// against 116 MB for 300k rows (+22%); with the fixed threshold, 130 MB against 114 MB.
    public static func mapLargeBlocks() {
        _ = forecast_fixed_mmap_threshold(128 * 1024)
    }

    /// Gives the pages of memory freed so far back to the system, between the phases of a
    /// run: what a phase freed in many small pieces (the large events' strings, the
    /// sampler) otherwise stays counted until the process ends.
    public static func releaseFreed() {
        _ = forecast_release_free_memory()
    }
}
