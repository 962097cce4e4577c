#ifndef CPOSIX_H
#define CPOSIX_H
// Linux calls that glibc declares only under _GNU_SOURCE, which Swift's Glibc module does
// not see: syncfs(2), to flush a whole file system once for a group of output files.
int forecast_syncfs(int fd);
// sync_file_range(fd, offset, count, SYNC_FILE_RANGE_WRITE): starts writing those bytes to
// disk and returns without waiting, so that a later fsync has little left to write.
int forecast_start_writeback(int fd, long long offset, long long count);
// mallopt(M_MMAP_THRESHOLD, bytes): allocations from `bytes` up are mapped and unmapped on
// their own. Setting it also turns off glibc's sliding threshold. Returns 0 on failure.
int forecast_fixed_mmap_threshold(int bytes);
// malloc_trim(0): gives the pages of freed memory back to the system, in every heap.
int forecast_release_free_memory(void);
// sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0): SQLite stops counting the memory it holds.
// Only takes effect before SQLite initializes (SQLITE_MISUSE after); returns SQLite's code.
int forecast_sqlite_skip_memory_statistics(void);
#endif
