#ifndef MARGIN_EXPLORER_OPENBLAS_SHIM_H
#define MARGIN_EXPLORER_OPENBLAS_SHIM_H
// The system OpenBLAS (Debian's libopenblas-dev): cblas_sgemm and cblas_dgemm carry every matrix product of
// analysis and training.
#include <cblas.h>

// OpenBLAS's own thread control. Declared here too, so that a cblas.h of another BLAS chosen by Debian's
// alternatives still compiles; the library linked is OpenBLAS's either way.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
