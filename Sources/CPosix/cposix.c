#define _GNU_SOURCE
#include <unistd.h>
#include "cposix.h"

int forecast_syncfs(int fd) { return syncfs(fd); }
