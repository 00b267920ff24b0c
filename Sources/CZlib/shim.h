#ifndef MARGIN_EXPLORER_ZLIB_SHIM_H
#define MARGIN_EXPLORER_ZLIB_SHIM_H
// The system zlib (Debian's zlib1g-dev): inflates deflated .npz members and computes CRC-32s.
#include <zlib.h>

// inflateInit2 is a macro, which Swift does not import. A raw deflate stream (no zlib or gzip wrapper), as ZIP
// members hold it.
static inline int cz_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
#endif
