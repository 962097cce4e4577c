#define _GNU_SOURCE
#include <unistd.h>
#include "cposix.h"

int forecast_syncfs(int fd) { return syncfs(fd); }

#include <fcntl.h>

int forecast_start_writeback(int fd, long long offset, long long count) {
    return sync_file_range(fd, offset, count, SYNC_FILE_RANGE_WRITE);
}

#include <malloc.h>

int forecast_fixed_mmap_threshold(int bytes) {
#ifdef M_MMAP_THRESHOLD
    return mallopt(M_MMAP_THRESHOLD, bytes);
#else
    (void)bytes;
    return 0;
#endif
}

int forecast_release_free_memory(void) { return malloc_trim(0); }

#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call.
int forecast_sqlite_skip_memory_statistics(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
