#include "TillitMemory.h"

// Any C library header tells whether this is glibc (`__GLIBC__` comes from <features.h>).
#include <stdlib.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

int tillit_keep_freed_memory(int trim_threshold, int top_pad, int mmap_threshold) {
#ifdef __GLIBC__
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1
        && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1
        && mallopt(M_TOP_PAD, top_pad) == 1;
#else
    (void)trim_threshold; (void)top_pad; (void)mmap_threshold;
    return 0;
#endif
}
