// A hint to the processor that memory is about to be read, for the engine's mark loop.
//
// Swift has no prefetch, and go1.12's greyobject (runtime/mgcmark.go) relies on one: an
// object is prefetched as it is queued, so that by the time scanobject reads its words they
// are in the cache. heapscope's greyPointerFast does the same through this function.
#ifndef HEAPSCOPE_PREFETCH_H
#define HEAPSCOPE_PREFETCH_H

static inline __attribute__((always_inline)) void heapscope_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
