// Kernels of `gpudoctor selftest`. They ship as PTX (kernels/selftest.ptx, embedded as
// src/live/selftest_ptx.inc) and are JIT-compiled by the driver, so no toolkit is needed
// at run time. Every result they compute is known on the host and checked bit-exactly:
// integer hashes are exact, and single-precision fma/add are correctly rounded on the GPU
// (fma.rn.f32 / add.rn.f32) and on the host (std::fma on float), so the bits must agree.
//
// Regenerate with kernels/generate.sh after any change here.
// extern "C" keeps the names unmangled for cuModuleGetFunction.

// A 32-bit mixer (the "lowbias32" finalizer) over the element index: every word of a
// buffer gets a different, data-dependent value, never a run of zeros.
__device__ __forceinline__ unsigned gd_mix(unsigned long long i, unsigned seed) {
  unsigned x = static_cast<unsigned>(i) ^ (static_cast<unsigned>(i >> 32) * 0x9E3779B9u) ^ seed;
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

// out[i] = mix(i, seed); with invert set, the bitwise complement (the second memory pass
// flips every bit of every cell).
extern "C" __global__ void gd_pattern_write(unsigned* out, unsigned long long n, unsigned seed, unsigned invert) {
  unsigned long long stride = static_cast<unsigned long long>(gridDim.x) * blockDim.x;
  for (unsigned long long i = static_cast<unsigned long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride)
    out[i] = gd_mix(i, seed) ^ invert;
}

// Counts the words that differ from the pattern; remembers the lowest bad index.
extern "C" __global__ void gd_pattern_check(const unsigned* buf, unsigned long long n, unsigned seed,
                                            unsigned invert, unsigned long long* errors,
                                            unsigned long long* first_bad) {
  unsigned long long stride = static_cast<unsigned long long>(gridDim.x) * blockDim.x;
  unsigned long long bad = 0;
  for (unsigned long long i = static_cast<unsigned long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride) {
    if (buf[i] != (gd_mix(i, seed) ^ invert)) {
      ++bad;
      atomicMin(first_bad, i);
    }
  }
  if (bad) atomicAdd(errors, bad);
}

// A chain of `iters` fused multiply-adds per element, started from an index-dependent
// value; the host replays the same chain with std::fma.
extern "C" __global__ void gd_fma_chain(float* out, unsigned long long n, int iters) {
  unsigned long long stride = static_cast<unsigned long long>(gridDim.x) * blockDim.x;
  for (unsigned long long i = static_cast<unsigned long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride) {
    float x = 1.0f + static_cast<float>(static_cast<unsigned>(i) & 1023u) * 0.0009765625f;
    for (int k = 0; k < iters; ++k) x = __fmaf_rn(x, 0.999755859375f, 0.000244140625f * static_cast<float>(k & 7));
    out[i] = x;
  }
}

// Device-memory copy, 16 bytes per load and store; counted as n*16 read + n*16 written.
extern "C" __global__ void gd_copy(const uint4* src, uint4* dst, unsigned long long n) {
  unsigned long long stride = static_cast<unsigned long long>(gridDim.x) * blockDim.x;
  for (unsigned long long i = static_cast<unsigned long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride)
    dst[i] = src[i];
}

// FP32 throughput: 8 independent fma chains per thread (enough instruction-level
// parallelism to keep the FP32 pipes busy), `iters` rounds, 16 FLOP per round.
// The sum is stored so nothing is dead code, and the host checks sampled threads.
extern "C" __global__ void gd_fma_peak(float* out, int iters, float a, float b) {
  unsigned tid = blockIdx.x * blockDim.x + threadIdx.x;
  float base = static_cast<float>(tid & 255u) * 0.00390625f;
  float x0 = base + 1.0f, x1 = base + 2.0f, x2 = base + 3.0f, x3 = base + 4.0f;
  float x4 = base + 5.0f, x5 = base + 6.0f, x6 = base + 7.0f, x7 = base + 8.0f;
  for (int k = 0; k < iters; ++k) {
    x0 = __fmaf_rn(x0, a, b);
    x1 = __fmaf_rn(x1, a, b);
    x2 = __fmaf_rn(x2, a, b);
    x3 = __fmaf_rn(x3, a, b);
    x4 = __fmaf_rn(x4, a, b);
    x5 = __fmaf_rn(x5, a, b);
    x6 = __fmaf_rn(x6, a, b);
    x7 = __fmaf_rn(x7, a, b);
  }
  out[tid] = __fadd_rn(__fadd_rn(__fadd_rn(x0, x1), __fadd_rn(x2, x3)), __fadd_rn(__fadd_rn(x4, x5), __fadd_rn(x6, x7)));
}
