#ifndef ASSAY_CPREFETCH_H
#define ASSAY_CPREFETCH_H
// Software prefetch for hash-table probes (Swift has no prefetch intrinsic).
static inline void assay_prefetch_write(const void *address) { __builtin_prefetch(address, 1, 1); }
#endif
