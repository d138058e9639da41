# gpudoctor --deep: TensorFlow's own GPU check, run after _prelude.py (json, sys, time, emit).
out = {"gpudoctor_deep": 1, "framework": "tensorflow", "stage": "import"}

try:
    t0 = time.time()
    import tensorflow as tf
    out["import_s"] = round(time.time() - t0, 3)
    out["version"] = str(getattr(tf, "__version__", ""))
    out["stage"] = "devices"
    notes = []
    try:
        notes.append("built with CUDA: %s" % tf.test.is_built_with_cuda())
        info = tf.sysconfig.get_build_info()
        for k in ("cuda_version", "cudnn_version"):
            if k in info:
                notes.append("%s: %s" % (k, info[k]))
    except Exception as e:  # old TF: no get_build_info
        notes.append("build info: %s" % e)
    out["notes"] = notes
    gpus = tf.config.list_physical_devices("GPU")
    out["gpu_count"] = len(gpus)
    out["devices"] = [g.name for g in gpus]
    out["stage"] = "matmul"
    a = tf.ones((256, 256))
    if gpus:
        with tf.device("/GPU:0"):
            c = tf.matmul(a, a)
    else:
        c = tf.matmul(a, a)
    float(tf.reduce_sum(c))  # forces the computation
    out["matmul_device"] = c.device
    out["stage"] = "done"
except BaseException as e:  # SystemExit and KeyboardInterrupt too: report, then stop
    out["error"] = ("%s: %s" % (type(e).__name__, e)).splitlines()[0][:2000] if str(e) else type(e).__name__
emit()
