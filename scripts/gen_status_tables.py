#!/usr/bin/env python3
"""Regenerate kb/status_*.tsv: the six status-code enums of the CUDA stack (CUresult,
cudaError_t, nvmlReturn_t, cudnnStatus_t, cublasStatus_t, ncclResult_t), name <-> number <->
text <-> meaning, plus the finding code `gpudoctor explain` gives each one.

Reads the headers of the toolkit on this machine (default /usr/local/cuda/include), the
cudaGetErrorString table of its libcudart and the ncclGetErrorString texts of its libnccl,
and keeps the hand-written columns (explain, cause, "Diagnosis:" hints) of the existing
tables. Codes that only older releases had come from LEGACY below, each with its source.

usage: scripts/gen_status_tables.py [--include DIR] [--lib DIR] [--old-include DIR]
A developer tool (not run by gpudoctor or its tests); tests/kb/status_tables_test.cpp walks
the result against the headers again at test time.
"""
import argparse
import pathlib
import re
import struct
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
KB = ROOT / "kb"
COLUMNS = ["name", "code", "old_code", "text", "explain", "cause", "meaning", "header"]


def parse_enum(text, type_name, prefix):
    """{name: (value or alias name, doc comment)} of the enum that ends in `type_name`."""
    # Enum bodies hold no braces: [^{}]* keeps the match inside one enum.
    m = re.search(r"typedef\s+enum\s*\w*\s*\{([^{}]*)\}\s*" + re.escape(type_name) + r"\s*;", text, re.S)
    if not m:
        m = re.search(r"enum\s+(?:__device_builtin__\s+)?" + re.escape(type_name) + r"\s*\{([^{}]*)\}\s*;", text, re.S)
    if not m:
        sys.exit(f"enum {type_name} not found")
    body = m.group(1)
    out = {}
    comment = ""
    pos = 0
    token = re.compile(r"/\*\*?(.*?)\*/|//[^\n]*|(" + prefix + r"\w*)\s*(?:CUDNN_DEPRECATED_ENUM\s*)?=\s*([^,/}]+)(?:/\*(.*?)\*/)?", re.S)
    for t in token.finditer(body):
        if t.group(1) is not None:
            comment = t.group(1)
            continue
        if t.group(2) is None:
            continue
        name, value = t.group(2), t.group(3).strip()
        if t.group(4):  # a comment after the value describes this entry
            comment = t.group(4)
        doc = " ".join(l.strip().lstrip("*").strip() for l in comment.splitlines()).strip()
        doc = re.sub(r"\s+", " ", doc.replace("\\deprecated", "Deprecated.").replace("::", ""))
        out[name] = (value, doc)
        comment = ""
    return out


def resolve(enum):
    vals = {}
    for name, (value, _) in enum.items():
        v = value.split("/*")[0].strip()
        vals[name] = v
    def num(name, depth=0):
        v = vals[name]
        if re.fullmatch(r"-?\d+", v):
            return int(v)
        if re.fullmatch(r"0x[0-9a-fA-F]+", v):
            return int(v, 16)
        if v in vals and depth < 5:
            return num(v, depth + 1)
        raise ValueError(f"{name} = {v}")
    return {n: num(n) for n in vals}


def cudart_strings(lib):
    """{name: text} from libcudart's error table ({int64 code, name*, text*} records)."""
    data = lib.read_bytes()
    secs = []
    for line in subprocess.run(["readelf", "-SW", str(lib)], capture_output=True, text=True).stdout.splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m:
            secs.append((m.group(1), int(m.group(2), 16), int(m.group(3), 16), int(m.group(4), 16)))
    def off(va):
        for n, a, o, sz in secs:
            if a <= va < a + sz and n != ".bss":
                return o + va - a
        return None
    rel = {}
    for line in subprocess.run(["readelf", "-rW", str(lib)], capture_output=True, text=True).stdout.splitlines():
        p = line.split()
        if len(p) >= 4 and p[2] == "R_X86_64_RELATIVE":
            rel[int(p[0], 16)] = int(p[3], 16)
    def cstr(va):
        o = off(va)
        return data[o:data.index(b"\0", o)].decode("latin1")
    out = {}
    for slot, target in rel.items():
        try:
            name = cstr(target)
        except Exception:
            continue
        if not re.fullmatch(r"cuda(Success|Error\w+)", name) or slot + 8 not in rel:
            continue
        o = off(slot - 8)
        code = struct.unpack("<q", data[o:o + 8])[0] if o is not None else None
        if code is None or not 0 <= code < 20000:
            continue
        out[name] = cstr(rel[slot + 8])
    return out


def read_tsv(path):
    rows = {}
    if not path.exists():
        return rows
    header = None
    for line in path.read_text().splitlines():
        if line.startswith("#") or not line:
            continue
        f = line.split("\t")
        if header is None:
            header = f
            continue
        rows[f[0]] = dict(zip(header, f + [""] * (len(header) - len(f))))
    return rows


def camel_to_snake(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


# Codes of older releases, with their numbers then. cudaError_t was renumbered in CUDA 10.1
# (the runtime took the driver's numbers); cuDNN 9 renumbered cudnnStatus_t.
LEGACY_CUDART_SOURCE = ("masterofeye/RemoteThirdParty@92690ed4100ce2aded5e8003c62a76983d4c3f41:"
                        "cuda/include/driver_types.h (CUDA 8.0, enum cudaError; the numbering used up to CUDA 10.0)")
LEGACY_CUDART = {
    "cudaErrorMissingConfiguration": 1, "cudaErrorMemoryAllocation": 2, "cudaErrorInitializationError": 3,
    "cudaErrorLaunchFailure": 4, "cudaErrorPriorLaunchFailure": 5, "cudaErrorLaunchTimeout": 6,
    "cudaErrorLaunchOutOfResources": 7, "cudaErrorInvalidDeviceFunction": 8, "cudaErrorInvalidConfiguration": 9,
    "cudaErrorInvalidDevice": 10, "cudaErrorInvalidValue": 11, "cudaErrorInvalidPitchValue": 12,
    "cudaErrorInvalidSymbol": 13, "cudaErrorMapBufferObjectFailed": 14, "cudaErrorUnmapBufferObjectFailed": 15,
    "cudaErrorInvalidHostPointer": 16, "cudaErrorInvalidDevicePointer": 17, "cudaErrorInvalidTexture": 18,
    "cudaErrorInvalidTextureBinding": 19, "cudaErrorInvalidChannelDescriptor": 20,
    "cudaErrorInvalidMemcpyDirection": 21, "cudaErrorAddressOfConstant": 22, "cudaErrorTextureFetchFailed": 23,
    "cudaErrorTextureNotBound": 24, "cudaErrorSynchronizationError": 25, "cudaErrorInvalidFilterSetting": 26,
    "cudaErrorInvalidNormSetting": 27, "cudaErrorMixedDeviceExecution": 28, "cudaErrorCudartUnloading": 29,
    "cudaErrorUnknown": 30, "cudaErrorNotYetImplemented": 31, "cudaErrorMemoryValueTooLarge": 32,
    "cudaErrorInvalidResourceHandle": 33, "cudaErrorNotReady": 34, "cudaErrorInsufficientDriver": 35,
    "cudaErrorSetOnActiveProcess": 36, "cudaErrorInvalidSurface": 37, "cudaErrorNoDevice": 38,
    "cudaErrorECCUncorrectable": 39, "cudaErrorSharedObjectSymbolNotFound": 40,
    "cudaErrorSharedObjectInitFailed": 41, "cudaErrorUnsupportedLimit": 42, "cudaErrorDuplicateVariableName": 43,
    "cudaErrorDuplicateTextureName": 44, "cudaErrorDuplicateSurfaceName": 45, "cudaErrorDevicesUnavailable": 46,
    "cudaErrorInvalidKernelImage": 47, "cudaErrorNoKernelImageForDevice": 48,
    "cudaErrorIncompatibleDriverContext": 49, "cudaErrorPeerAccessAlreadyEnabled": 50,
    "cudaErrorPeerAccessNotEnabled": 51, "cudaErrorDeviceAlreadyInUse": 54, "cudaErrorProfilerDisabled": 55,
    "cudaErrorProfilerNotInitialized": 56, "cudaErrorProfilerAlreadyStarted": 57,
    "cudaErrorProfilerAlreadyStopped": 58, "cudaErrorAssert": 59, "cudaErrorTooManyPeers": 60,
    "cudaErrorHostMemoryAlreadyRegistered": 61, "cudaErrorHostMemoryNotRegistered": 62,
    "cudaErrorOperatingSystem": 63, "cudaErrorPeerAccessUnsupported": 64, "cudaErrorLaunchMaxDepthExceeded": 65,
    "cudaErrorLaunchFileScopedTex": 66, "cudaErrorLaunchFileScopedSurf": 67, "cudaErrorSyncDepthExceeded": 68,
    "cudaErrorLaunchPendingCountExceeded": 69, "cudaErrorNotPermitted": 70, "cudaErrorNotSupported": 71,
    "cudaErrorHardwareStackError": 72, "cudaErrorIllegalInstruction": 73, "cudaErrorMisalignedAddress": 74,
    "cudaErrorInvalidAddressSpace": 75, "cudaErrorInvalidPc": 76, "cudaErrorIllegalAddress": 77,
    "cudaErrorInvalidPtx": 78, "cudaErrorInvalidGraphicsContext": 79, "cudaErrorNvlinkUncorrectable": 80,
    "cudaErrorStartupFailure": 0x7F, "cudaErrorApiFailureBase": 10000,
}
LEGACY_CUDNN_SOURCE = ("xiaohaoo/Yolo_TensorRT@9d8501d38e9c3a1858d76f3bdc4aded206217aeb:include/cudnn_ops_infer.h "
                       "(cuDNN 8.x, cudnnStatus_t; cuDNN 9 renumbered the statuses)")
LEGACY_CUDNN = {
    "CUDNN_STATUS_SUCCESS": 0, "CUDNN_STATUS_NOT_INITIALIZED": 1, "CUDNN_STATUS_ALLOC_FAILED": 2,
    "CUDNN_STATUS_BAD_PARAM": 3, "CUDNN_STATUS_INTERNAL_ERROR": 4, "CUDNN_STATUS_INVALID_VALUE": 5,
    "CUDNN_STATUS_ARCH_MISMATCH": 6, "CUDNN_STATUS_MAPPING_ERROR": 7, "CUDNN_STATUS_EXECUTION_FAILED": 8,
    "CUDNN_STATUS_NOT_SUPPORTED": 9, "CUDNN_STATUS_LICENSE_ERROR": 10,
    "CUDNN_STATUS_RUNTIME_PREREQUISITE_MISSING": 11, "CUDNN_STATUS_RUNTIME_IN_PROGRESS": 12,
    "CUDNN_STATUS_RUNTIME_FP_OVERFLOW": 13, "CUDNN_STATUS_VERSION_MISMATCH": 14,
}

# What `gpudoctor explain` makes of a status (finding code, cause override). Names of one
# error in the driver and runtime API get the same answer.
EXPLAIN = {
    "OUT_OF_MEMORY": ("X816", ""), "MEMORY_ALLOCATION": ("X816", ""),
    "NOT_INITIALIZED": ("X807", ""), "INITIALIZATION_ERROR": ("X807", ""),
    "STUB_LIBRARY": ("X806", ""), "INSUFFICIENT_DRIVER": ("X809", ""), "CALL_REQUIRES_NEWER_DRIVER": ("X809", ""),
    "DEVICE_UNAVAILABLE": ("X822", ""), "DEVICES_UNAVAILABLE": ("X822", ""),
    "CONTEXT_ALREADY_IN_USE": ("X822", ""), "DEVICE_ALREADY_IN_USE": ("X822", ""),
    "INVALID_DEVICE_FUNCTION": ("X811", ""), "NO_DEVICE": ("X808", ""), "INVALID_DEVICE": ("X808", ""),
    "INVALID_IMAGE": ("X811", ""), "INVALID_KERNEL_IMAGE": ("X811", ""), "NO_BINARY_FOR_GPU": ("X811", ""),
    "NO_KERNEL_IMAGE_FOR_DEVICE": ("X811", ""), "ECC_UNCORRECTABLE": ("X820", ""), "INVALID_PTX": ("X811", ""),
    "UNSUPPORTED_PTX_VERSION": ("X809", ""), "SHARED_OBJECT_INIT_FAILED": ("X805", ""),
    "SYSTEM_DRIVER_MISMATCH": ("X817", ""), "COMPAT_NOT_SUPPORTED_ON_DEVICE": ("X809", ""),
    "UNKNOWN": ("X807", ""),
}
EXPLAIN_OTHER = {
    # NVML (nvml.h comments; lowlevel.md 2.4)
    "NVML_ERROR_DRIVER_NOT_LOADED": ("X818", ""), "NVML_ERROR_LIB_RM_VERSION_MISMATCH": ("X817", ""),
    "NVML_ERROR_LIBRARY_NOT_FOUND": ("X805", ""), "NVML_ERROR_GPU_IS_LOST": ("X820", ""),
    "NVML_ERROR_NO_PERMISSION": ("X827", "device_permission"), "NVML_ERROR_OPERATING_SYSTEM": ("X827", ""),
    "NVML_ERROR_RESET_REQUIRED": ("X820", ""),
    # cuDNN (kb/messages_errors.tsv before it was merged here)
    "CUDNN_STATUS_NOT_INITIALIZED": ("X804", ""), "CUDNN_STATUS_SUBLIBRARY_VERSION_MISMATCH": ("X803", ""),
    "CUDNN_STATUS_ALLOC_FAILED": ("X816", ""), "CUDNN_STATUS_ARCH_MISMATCH": ("X810", ""),
    "CUDNN_STATUS_NOT_SUPPORTED_ARCH_MISMATCH": ("X810", ""), "CUDNN_STATUS_VERSION_MISMATCH": ("X803", ""),
    "CUDNN_STATUS_INTERNAL_ERROR": ("X804", ""), "CUDNN_STATUS_EXECUTION_FAILED": ("X804", ""),
    "CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED": ("X802", ""),
    "CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED": ("X816", ""),
    "CUDNN_STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDA_DRIVER": ("X809", ""),
    "CUDNN_STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDART": ("X803", "cudart_version_mismatch"),
    # cuBLAS: a handle that cannot be created is, in framework logs, almost always GPU memory
    # already taken (TensorFlow's default pre-allocation); ARCH_MISMATCH = no kernels for the GPU.
    "CUBLAS_STATUS_NOT_INITIALIZED": ("X816", ""), "CUBLAS_STATUS_ALLOC_FAILED": ("X816", ""),
    "CUBLAS_STATUS_ARCH_MISMATCH": ("X811", ""),
    # NCCL (nccl.h; ncclGetErrorString)
    "ncclSystemError": ("X860", ""), "ncclRemoteError": ("X860", ""), "ncclInternalError": ("X860", ""),
}


# Texts older runtimes printed for a code, kept after " | " so pastes from those years decode.
OLD_TEXTS = {
    # cudaGetErrorString of CUDA <= 10.0 (the driver_types.h era above); kb/messages_cuda.tsv cuda.error_phrase
    "cudaErrorDevicesUnavailable": "all CUDA-capable devices are busy or unavailable",
}


def explain_of(family, name):
    if name in EXPLAIN_OTHER:
        return EXPLAIN_OTHER[name]
    if family in ("curesult", "cudart"):
        key = name[len("CUDA_ERROR_"):] if name.startswith("CUDA_ERROR_") else camel_to_snake(name[len("cudaError"):])
        return EXPLAIN.get(key, ("", ""))
    return ("", "")


def write(family, title, sources, rows):
    path = KB / f"status_{family}.tsv"
    lines = [f"# {title}"]
    lines += [
        "# Columns: name (key); code = the number in the newest header read; old_code = the number in older",
        "# releases where it differs (or the code was removed); text = what the library's error-string",
        "# function prints; explain = the finding code of `gpudoctor explain` (empty: none of its own);",
        "# cause = a cause other than the code's; meaning = the header's doc comment (+ Diagnosis hints);",
        "# header = where the row was read. Generated by scripts/gen_status_tables.py, hints kept by hand.",
        "# date: 2026-12-07",
    ]
    lines += [f"# source: {s}" for s in sources]
    lines.append("\t".join(COLUMNS))
    for r in rows:
        lines.append("\t".join(str(r.get(c, "")).replace("\t", " ") for c in COLUMNS))
    path.write_text("\n".join(lines) + "\n")
    print(f"{path}: {len(rows)} rows")


def row(name, code, old, text, family, meaning, header):
    e, c = explain_of(family, name)
    return {"name": name, "code": "" if code is None else str(code), "old_code": "" if old is None else str(old),
            "text": text, "explain": e, "cause": c, "meaning": meaning or "(no doc comment in the header)",
            "header": header}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--include", default="/usr/local/cuda/include")
    ap.add_argument("--lib", default="/usr/local/cuda/lib64")
    ap.add_argument("--nvml", default="", help="an nvml.h (the toolkit on this machine has none)")
    a = ap.parse_args()
    inc, lib = pathlib.Path(a.include), pathlib.Path(a.lib)
    cuda_h = (inc / "cuda.h").read_text()
    cuda_version = re.search(r"#define CUDA_VERSION (\d+)", cuda_h).group(1)
    cv = f"{int(cuda_version) // 1000}.{int(cuda_version) % 1000 // 10}"
    cudart_text = cudart_strings(sorted(lib.glob("libcudart.so.*"))[0])
    cudart_by_number = resolve(parse_enum((inc / "driver_types.h").read_text(), "cudaError", "cuda"))
    text_by_number = {n: cudart_text[k] for k, n in cudart_by_number.items() if k in cudart_text}

    # CUresult
    old = read_tsv(KB / "status_curesult.tsv") or {r["name"]: r for r in read_tsv(KB / "curesult.tsv").values()}
    enum = parse_enum(cuda_h, "CUresult", "CUDA_")
    nums = resolve(enum)
    rows = []
    for name, (value, doc) in enum.items():
        prev = old.get(name, {})
        runtime = "cudaError" + "".join(w.capitalize() for w in name[len("CUDA_ERROR_"):].split("_"))
        text = prev.get("text") or cudart_text.get(runtime, "") or text_by_number.get(nums[name], "")
        meaning = prev.get("meaning") or doc
        rows.append(row(name, nums[name], None, text, "curesult", meaning, f"cuda.h {cv}"))
    rows.sort(key=lambda r: int(r["code"]))
    write("curesult", f"CUresult: the CUDA driver API's status codes (libcuda.so.1), complete enum of CUDA {cv}.",
          [f"NVIDIA cuda.h of CUDA {cv} (CUDA_VERSION {cuda_version}), typedef enum cudaError_enum CUresult, read from {inc}/cuda.h",
           f"text: the cudaGetErrorString text of the runtime error with the same name, else the same number (since CUDA 10.1 the runtime uses the driver's numbers; libcudart.so of CUDA {cv})",
           "/work/shared/research/lowlevel.md 1.4 and tf-compat.md 4 (Diagnosis hints: NVIDIA/nvidia-container-toolkit#1679, NVIDIA/nvidia-docker#1256, gpustack/gpustack#1254, NVIDIA/nvbandwidth#61, pytorch/pytorch#49081)"],
          rows)

    # cudaError_t
    dt = (inc / "driver_types.h").read_text()
    enum = parse_enum(dt, "cudaError", "cuda")
    nums = resolve(enum)
    rows = []
    for name, (value, doc) in enum.items():
        o = LEGACY_CUDART.get(name)
        text = " | ".join(t for t in (cudart_text.get(name, ""), OLD_TEXTS.get(name, "")) if t)
        rows.append(row(name, nums[name], o if o is not None and o != nums[name] else None,
                        text, "cudart", doc, f"driver_types.h {cv}"))
    for name, o in LEGACY_CUDART.items():
        if name not in enum:
            rows.append(row(name, None, o, "", "cudart", "Removed from the runtime API after CUDA 10.0.",
                            "driver_types.h CUDA 8.0-10.0"))
    rows.sort(key=lambda r: (r["code"] == "", int(r["code"] or r["old_code"])))
    write("cudart", f"cudaError_t: the CUDA runtime API's status codes (libcudart), complete enum of CUDA {cv}, plus the "
          "numbers of CUDA <= 10.0 (renumbered in 10.1: 'cuda runtime error (38)' is today's 100).",
          [f"NVIDIA driver_types.h of CUDA {cv}, enum cudaError, read from {inc}/driver_types.h",
           f"text: the cudaGetErrorString table of libcudart.so of CUDA {cv} ({{code, name, text}} records in .data.rel.ro, read with readelf)",
           f"old_code: {LEGACY_CUDART_SOURCE}"], rows)

    # NVML
    old = read_tsv(KB / "status_nvml.tsv") or {r["name"]: r for r in read_tsv(KB / "nvml_return.tsv").values()}
    header = "nvml.h (NVML API 13, go-nvml)"
    rows = []
    if a.nvml:
        enum = parse_enum(pathlib.Path(a.nvml).read_text(), "nvmlReturn_t", "NVML_")
        nums = resolve(enum)
        for name in enum:
            if name not in old:
                old[name] = {"name": name, "code": str(nums[name]), "meaning": enum[name][1]}
    for name, prev in old.items():
        rows.append(row(name, prev.get("code", ""), None, prev.get("text", ""), "nvml", prev.get("meaning", ""),
                        prev.get("header", header)))
    rows.sort(key=lambda r: int(r["code"]))
    write("nvml", "nvmlReturn_t: NVML's status codes (libnvidia-ml.so.1), codes 0-30 and 999.",
          ["NVIDIA/go-nvml@2f9e261f:pkg/nvml/nvml.h lines 1305-1336 (NVML_API_VERSION 13), as summarised in /work/shared/research/lowlevel.md 2.4",
           "nvml.h copy in the code index (file id 54250150154; enum nvmlReturn_enum with doc comments for codes 4-999) and id 398907795 (comments for 0-4)",
           "TensorFlow 2.15 wheel: tensorflow/include/third_party/gpus/cuda/include/nvml.h (NVML_API_VERSION 12, CUDA 12.2): codes 0-28 and 999 agree",
           "Scotchman0/NVIDIA_Drivers:help/common_issues.md (code 18 cause and fix, via lowlevel.md 2.4)",
           "text: nvidia-smi's 'Failed to initialize NVML: <text>' lines (kb/messages_system.tsv)"], rows)

    # cudnnStatus_t
    graph = inc / "cudnn_graph.h"
    ch = graph.read_text() if graph.exists() else (inc / "cudnn_ops_infer.h").read_text()
    ver = re.search(r"#define CUDNN_MAJOR (\d+).*?#define CUDNN_MINOR (\d+)", (inc / "cudnn_version.h").read_text(), re.S)
    cdv = f"{ver.group(1)}.{ver.group(2)}"
    enum = parse_enum(ch, "cudnnStatus_t", "CUDNN_")
    nums = resolve(enum)
    rows = []
    for name, (value, doc) in enum.items():
        o = LEGACY_CUDNN.get(name)
        alias = value.split("/*")[0].strip()
        meaning = doc or (f"Deprecated alias of {alias}." if alias.startswith("CUDNN_") else "")
        rows.append(row(name, nums[name], o if o is not None and o != nums[name] else None, name, "cudnn",
                        meaning, f"{graph.name} cuDNN {cdv}"))
    for name, o in LEGACY_CUDNN.items():
        if name not in enum:
            rows.append(row(name, None, o, name, "cudnn", "cuDNN 8 status, removed in cuDNN 9.", "cudnn_ops_infer.h cuDNN 8"))
    rows.sort(key=lambda r: (r["code"] == "", int(r["code"] or r["old_code"]), r["name"]))
    write("cudnn", f"cudnnStatus_t: cuDNN's status codes, complete enum of cuDNN {cdv} plus the cuDNN 8 numbers "
          "(cudnnGetErrorString prints the name itself).",
          [f"NVIDIA {graph.name} of cuDNN {cdv}, typedef enum cudnnStatus_t, read from {inc}/{graph.name}",
           f"old_code: {LEGACY_CUDNN_SOURCE}"], rows)

    # cublasStatus_t
    enum = parse_enum((inc / "cublas_api.h").read_text(), "cublasStatus_t", "CUBLAS_")
    nums = resolve(enum)
    rows = [row(n, nums[n], None, n, "cublas", d, f"cublas_api.h {cv}") for n, (v, d) in enum.items()]
    write("cublas", f"cublasStatus_t: cuBLAS's status codes, complete enum of CUDA {cv} (cublasGetStatusName prints the name).",
          [f"NVIDIA cublas_api.h of CUDA {cv}, typedef enum cublasStatus_t, read from {inc}/cublas_api.h"], rows)

    # ncclResult_t
    nh = (inc / "nccl.h").read_text()
    nv = re.search(r"#define NCCL_MAJOR (\d+).*?#define NCCL_MINOR (\d+).*?#define NCCL_PATCH (\d+)", nh, re.S)
    ncv = ".".join(nv.groups())
    enum = parse_enum(nh, "ncclResult_t", "nccl")
    nums = resolve(enum)
    texts = nccl_texts(sorted(pathlib.Path(a.lib).glob("libnccl.so.*")) or sorted(pathlib.Path(a.lib).parent.glob("lib/libnccl.so.*")))
    rows = []
    for name in enum:
        if name == "ncclNumResults":
            continue
        rows.append(row(name, nums[name], None, texts.get(nums[name], ""), "nccl", NCCL_MEANING.get(name, ""), f"nccl.h {ncv}"))
    write("nccl", f"ncclResult_t: NCCL's status codes, complete enum of NCCL {ncv}.",
          [f"NVIDIA nccl.h of NCCL {ncv}, typedef enum ncclResult_t, read from {inc}/nccl.h",
           f"text: ncclGetErrorString's strings in libnccl.so.{ncv} (stored in enum order)",
           "NVIDIA/nccl:src/init.cc ncclGetErrorString (the same texts)"], rows)


NCCL_MEANING = {
    "ncclSuccess": "No error.",
    "ncclUnhandledCudaError": "A call to a CUDA function failed.",
    "ncclSystemError": "A call to the system failed (shm_open, mmap, socket, ...). Diagnosis: in containers usually /dev/shm too small (Docker's default 64 MB) or not shared between ranks; NCCL_DEBUG=INFO names the call.",
    "ncclInternalError": "An internal check failed: a bug in NCCL, or memory corruption.",
    "ncclInvalidArgument": "An invalid value was passed to an NCCL function.",
    "ncclInvalidUsage": "NCCL was used in an invalid way (e.g. the same rank twice, mismatched calls).",
    "ncclRemoteError": "A call failed on a remote peer: another rank exited, or the network failed.",
    "ncclInProgress": "A non-blocking operation is still in progress.",
}


def nccl_texts(libs):
    if not libs:
        return {}
    s = subprocess.run(["strings", "-n", "6", str(libs[0])], capture_output=True, text=True).stdout.splitlines()
    try:
        i = s.index("no error")
    except ValueError:
        return {}
    return {k: s[i + k] for k in range(8)}


if __name__ == "__main__":
    main()
