// OpenBLAS's CBLAS and the reference LAPACKE (Debian ships LAPACKE separately from OpenBLAS).
#include <cblas.h>
#include <lapacke.h>
