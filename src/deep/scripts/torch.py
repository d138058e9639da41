# gpudoctor --deep: PyTorch's own GPU check, run after _prelude.py (json, sys, time, emit).
out = {"gpudoctor_deep": 1, "framework": "torch", "stage": "import"}

try:
    t0 = time.time()
    import torch
    out["import_s"] = round(time.time() - t0, 3)
    out["version"] = str(getattr(torch, "__version__", ""))
    out["stage"] = "devices"
    notes = ["torch.version.cuda: %s" % getattr(torch.version, "cuda", None)]
    available = torch.cuda.is_available()  # warns on stderr about the driver when False
    notes.append("torch.cuda.is_available(): %s" % available)
    n = torch.cuda.device_count() if available else 0
    out["gpu_count"] = n
    out["devices"] = ["cuda:%d %s" % (i, torch.cuda.get_device_name(i)) for i in range(n)]
    if available:
        notes.append("arch list: %s" % " ".join(torch.cuda.get_arch_list()))
        cc = torch.cuda.get_device_capability(0)
        notes.append("cuda:0 capability: %d.%d" % cc)
    out["notes"] = notes
    out["stage"] = "matmul"
    a = torch.ones((256, 256), device="cuda:0" if n else "cpu")
    c = a @ a
    float(c.sum())  # synchronises, so a missing kernel image raises here
    out["matmul_device"] = str(c.device)
    out["stage"] = "done"
except BaseException as e:  # SystemExit and KeyboardInterrupt too: report, then stop
    out["error"] = ("%s: %s" % (type(e).__name__, e)).splitlines()[0][:2000] if str(e) else type(e).__name__
emit()
