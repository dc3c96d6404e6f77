#ifndef TILLIT_MEMORY_H
#define TILLIT_MEMORY_H

/// Sets glibc's allocator to keep up to `trim_threshold` bytes free at a heap's top, to grow a heap
/// by `top_pad` bytes more than asked, and to map blocks of `mmap_threshold` bytes and more on
/// their own. Returns 1 when the allocator took all three, 0 otherwise (and off glibc).
/// (`mallopt` and its parameters live in <malloc.h>, which Swift's Glibc module leaves out.)
int tillit_keep_freed_memory(int trim_threshold, int top_pad, int mmap_threshold);

#endif
