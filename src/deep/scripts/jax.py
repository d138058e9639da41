# gpudoctor --deep: JAX's own GPU check, run after _prelude.py (json, sys, time, emit).
out = {"gpudoctor_deep": 1, "framework": "jax", "stage": "import"}

try:
    t0 = time.time()
    import jax
    import jax.numpy as jnp
    out["import_s"] = round(time.time() - t0, 3)
    out["version"] = str(getattr(jax, "__version__", ""))
    out["stage"] = "devices"
    devices = jax.devices()  # the default backend's; initialises the plugins (their errors go to stderr)
    out["notes"] = ["default backend: %s" % jax.default_backend()]
    gpus = [d for d in devices if d.platform in ("gpu", "cuda", "rocm")]
    out["gpu_count"] = len(gpus)
    out["devices"] = ["%s %s" % (d, getattr(d, "device_kind", "")) for d in gpus]
    out["stage"] = "matmul"
    a = jnp.ones((256, 256))
    if gpus:
        a = jax.device_put(a, gpus[0])
    c = (a @ a).block_until_ready()
    where = c.devices() if hasattr(c, "devices") else {c.device()}
    out["matmul_device"] = ",".join(sorted("%s:%d" % (d.platform, d.id) for d in where))
    out["stage"] = "done"
except BaseException as e:  # SystemExit and KeyboardInterrupt too: report, then stop
    out["error"] = ("%s: %s" % (type(e).__name__, e)).splitlines()[0][:2000] if str(e) else type(e).__name__
emit()
