#ifndef CPOSIX_H
#define CPOSIX_H
// Linux calls that glibc declares only under _GNU_SOURCE, which Swift's Glibc module does
// not see: syncfs(2), to flush a whole file system once for a group of output files.
int forecast_syncfs(int fd);
#endif
