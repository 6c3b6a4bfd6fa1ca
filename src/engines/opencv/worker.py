"""dnnperf's OpenCV DNN worker: drives cv2.dnn for the Node engine beside it (opencv-engine.ts).

Protocol, both ways: one JSON header line per message; a header with "blobs": [n, ...] is
followed by that many raw bytes (tensors, little-endian, C order), so tensors cross once, as
bytes, never per timed iteration. Requests carry an "id" and a "cmd"; replies echo the id
with "ok". Only stdlib, numpy and cv2, so it runs on any python that has cv2.

Importing this module has no effect: main() takes over stdout, ties the worker to its parent
and imports numpy and cv2 (load_libraries), so tests can import it and call its functions.
"""
import ctypes
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time

# Set by main() (claim_stdout): the protocol's streams.
PROTO_OUT = None
PROTO_IN = None

# Set by load_libraries(): numpy, cv2 and the tables made from them.
np = None
cv2 = None
TARGET_IDS = {}
TARGET_NAMES = {}
NP_DTYPES = {}

BACKENDS = {"opencv": "DNN_BACKEND_OPENCV", "cuda": "DNN_BACKEND_CUDA", "openvino": "DNN_BACKEND_INFERENCE_ENGINE"}


def claim_stdout():
    """Keeps stdout for the protocol: native code that prints to fd 1 lands on stderr instead."""
    global PROTO_OUT, PROTO_IN
    PROTO_OUT = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    PROTO_IN = sys.stdin.buffer


def load_libraries():
    """Imports numpy and cv2, with OpenCV's log level set first, and builds the target and dtype tables."""
    global np, cv2, TARGET_IDS, TARGET_NAMES, NP_DTYPES
    # OpenCV announces whole-net fallbacks as warnings and per-layer CUDA fallbacks as info lines:
    # make sure both are emitted, whatever the user's OPENCV_LOG_LEVEL says.
    os.environ["OPENCV_LOG_LEVEL"] = "INFO"
    import numpy
    import cv2 as opencv
    np, cv2 = numpy, opencv
    TARGET_IDS = {k[len("DNN_TARGET_"):].lower(): getattr(cv2.dnn, k) for k in dir(cv2.dnn) if k.startswith("DNN_TARGET_")}
    TARGET_NAMES = {v: k for k, v in TARGET_IDS.items()}
    NP_DTYPES = {"float32": np.float32, "float16": np.float16, "int64": np.int64, "int32": np.int32,
                 "int8": np.int8, "uint8": np.uint8, "bool": np.bool_}


def send(header, blobs=()):
    if blobs:
        header["blobs"] = [len(b) for b in blobs]
    PROTO_OUT.write(json.dumps(header).encode() + b"\n")
    for b in blobs:
        PROTO_OUT.write(b)
    PROTO_OUT.flush()


def die_with_parent():
    # A killed Node child must not leave a worker running (Linux PR_SET_PDEATHSIG = 1).
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass



class WorkerError(Exception):
    """A failure worth one line to the user (the message is already that line)."""


CV_PREFIX = re.compile(r"OpenCV\([^)]*\) \S+:\d+: error: \(-?\d+:[^)]*\)")
CV_FUNCTION = re.compile(r"\s*in function '[^']*'")
# OpenCV logs the layer a failed forward was in before it raises; the exception does not say.
LAYER_IN_LOG = re.compile(r"OPENCV/DNN: \[([^\]]+)\]:\(([^)]*)\)")


def one_line(e):
    """cv2.error text spans lines of '>'-quoted nested errors, each with file, code and function."""
    if not isinstance(e, cv2.error):
        return str(e) if isinstance(e, WorkerError) else f"{type(e).__name__}: {e}"
    text = " ".join(line.strip().lstrip("> ").strip() for line in str(e).splitlines())
    text = CV_FUNCTION.sub("", CV_PREFIX.sub("", text))
    text = re.sub(r"\s+", " ", re.sub(r":\s*:", ":", text)).strip()
    return text.lstrip(": ")


def forward_failure(e, log=""):
    m = LAYER_IN_LOG.search(log)
    where = f" in layer {m.group(2)} ({m.group(1)})" if m else ""
    return f"OpenCV {cv2.__version__} forward failed{where}: {one_line(e)}"


class Captured:
    text = ""


LIBC = ctypes.CDLL(None)


def flush_native():
    """C stdio buffers: OpenCV's logger writes INFO lines to std::cout, unflushed, and WARN to std::cerr."""
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        LIBC.fflush(None)
    except (OSError, AttributeError):
        pass


class capture_log:
    """Collects what native code writes to fd 1 and fd 2 and passes it on to stderr. OpenCV logs
    WARN lines (whole-net fallbacks) to stderr but INFO lines (a layer left on the CPU inside a
    CUDA net) to stdout, which this worker points at stderr: both must be captured."""

    def __enter__(self):
        self.result = Captured()
        flush_native()
        self.saved = (os.dup(1), os.dup(2))
        self.tmp = tempfile.TemporaryFile()
        os.dup2(self.tmp.fileno(), 1)
        os.dup2(self.tmp.fileno(), 2)
        return self.result

    def __exit__(self, *exc):
        flush_native()
        for fd, saved in zip((1, 2), self.saved):
            os.dup2(saved, fd)
            os.close(saved)
        self.tmp.seek(0)
        data = self.tmp.read()
        self.tmp.close()
        os.write(2, data)
        self.result.text = data.decode(errors="replace")
        return False


def backend_id(name):
    const = BACKENDS.get(name)
    if const is None or not hasattr(cv2.dnn, const):
        raise WorkerError(f"OpenCV {cv2.__version__} has no backend '{name}' (known: {', '.join(BACKENDS)})")
    return getattr(cv2.dnn, const)


def target_id(name):
    if name not in TARGET_IDS:
        raise WorkerError(f"OpenCV {cv2.__version__} has no target '{name}' (known: {', '.join(TARGET_IDS)})")
    return TARGET_IDS[name]


def dnn_engine(requested, backend, target):
    """OpenCV 5 has two graph engines; only the classic one honours backends and targets."""
    if not hasattr(cv2.dnn, "ENGINE_CLASSIC"):
        if requested not in (None, "classic"):
            raise WorkerError(f"OpenCV {cv2.__version__} has one DNN engine: dnnEngine={requested} needs OpenCV 5")
        return None
    if requested is None:
        return "auto" if (backend, target) == ("opencv", "cpu") else "classic"
    if requested not in ("auto", "classic", "new"):
        raise WorkerError(f"dnnEngine={requested} is not one of auto, classic, new")
    return requested


def load_net(req):
    """readNetFromONNX plus preferences, as one timed step; returns (net, createMs, engine, log)."""
    backend, target = req["backend"], req["target"]
    b, t = backend_id(backend), target_id(target)
    engine = dnn_engine(req.get("dnnEngine"), backend, target)
    if req.get("threads"):
        cv2.setNumThreads(int(req["threads"]))  # process-wide: one configuration per worker in a run
    with capture_log() as log:
        t0 = time.perf_counter_ns()
        try:
            if engine is None:
                net = cv2.dnn.readNetFromONNX(req["model"])
            else:
                net = cv2.dnn.readNetFromONNX(req["model"], getattr(cv2.dnn, "ENGINE_" + engine.upper()))
        except cv2.error as e:
            raise WorkerError(f"OpenCV {cv2.__version__} cannot import {os.path.basename(req['model'])}: {one_line(e)}")
        # OpenCV 5's new engine runs on the CPU only and warns at any preference: set none there.
        if engine in (None, "classic") or (backend, target) != ("opencv", "cpu"):
            net.setPreferableBackend(b)
            net.setPreferableTarget(t)
        create_ms = (time.perf_counter_ns() - t0) / 1e6
    return net, create_ms, engine, log.text


def graph_engine(net, requested):
    """Which OpenCV 5 engine holds the net (ENGINE_AUTO picks): the classic one keeps layer id 0 for its input."""
    if requested is None:
        return None
    try:
        names = net.getLayerNames()
        return "new" if names and net.getLayerId(names[0]) == 0 else "classic"
    except cv2.error:
        return requested


def fetch_names(net, onnx_outputs):
    """Forward to the ONNX output names when OpenCV knows them as layers, else its unconnected outputs."""
    try:
        if onnx_outputs and all(net.getLayerId(n) >= 0 for n in onnx_outputs):
            return list(onnx_outputs)
    except cv2.error:
        pass
    return list(net.getUnconnectedOutLayersNames())


# cv2's binding reads a 3-D array whose last dim is at most this as a 2-D image with that many channels.
CV_CN_MAX = 512


def net_input(name, arr):
    """The array as setInput must get it: a 3-D one would lose its last axis to image channels
    (the net would see [d0, d1]); cv2.Mat(..., wrap_channels=False) (OpenCV 4.7+) keeps it 3-D."""
    if arr.ndim != 3 or arr.shape[2] > CV_CN_MAX:
        return arr
    if hasattr(cv2, "Mat"):
        return cv2.Mat(arr, wrap_channels=False)
    raise WorkerError(
        f"OpenCV {cv2.__version__}'s Python binding reads the 3-D input '{name}' {list(arr.shape)} as a 2-D image with "
        f"{arr.shape[2]} channels, so the net would get shape {list(arr.shape[:2])}: this cv2 has no cv2.Mat(wrap_channels=False) "
        "(OpenCV 4.7+) to pass it as 3-D; use a model whose inputs are 2-D or 4-D (e.g. an Unsqueeze inside the graph)")


def read_sets(req, blobs):
    """Input sets from their headers and raw bytes: [[(name, array), ...], ...]."""
    sets, k = [], 0
    for tensors in req["sets"]:
        arrays = []
        for meta in tensors:
            arr = np.frombuffer(blobs[k], dtype=NP_DTYPES[meta["dtype"]]).reshape(meta["dims"])
            arrays.append((meta["name"], net_input(meta["name"], arr)))
            k += 1
        sets.append(arrays)
    if not sets:
        raise WorkerError("no input sets given")
    return sets


def layer_targets(net):
    """The targets the layers were set up for: OpenCV rewrites them when it falls back."""
    try:
        return sorted({TARGET_NAMES.get(net.getLayer(n).preferableTarget, "unknown") for n in net.getLayerNames()})
    except (cv2.error, AttributeError):
        return None


def forward(net, fetch, inputs):
    for name, arr in inputs:
        try:
            net.setInput(arr, name)
        except cv2.error as e:
            raise WorkerError(f"OpenCV cannot take input '{name}' ({arr.dtype} {list(arr.shape)}): {one_line(e)}")
    return net.forward(fetch)


def first_forward(net, fetch, inputs):
    """The first forward sets the net up: capture what OpenCV logs (fallbacks, the failing layer)."""
    failure = None
    with capture_log() as log:
        t0 = time.perf_counter_ns()
        try:
            outs = forward(net, fetch, inputs)
        except cv2.error as e:
            failure = e
        ms = (time.perf_counter_ns() - t0) / 1e6
    if failure is not None:
        raise WorkerError(forward_failure(failure, log.text))
    return ms, outs, log.text


class Session:
    def __init__(self, net, fetch):
        self.net = net
        self.fetch = fetch
        self.sets = None
        self.cursor = 0
        self.first_done = False

    def run(self, index):
        """One timed forward on input set `index`; the first one also reports what ran."""
        if self.sets is None:
            raise WorkerError("set_inputs must come before any run")
        inputs = self.sets[index % len(self.sets)]
        if self.first_done:
            t0 = time.perf_counter_ns()
            try:
                outs = forward(self.net, self.fetch, inputs)
            except cv2.error as e:
                raise WorkerError(forward_failure(e))
            return (time.perf_counter_ns() - t0) / 1e6, outs, None
        ms, outs, log = first_forward(self.net, self.fetch, inputs)
        self.first_done = True
        return ms, outs, {"log": log, "layerTargets": layer_targets(self.net)}


SESSIONS = {}


def session(req):
    s = SESSIONS.get(req["session"])
    if s is None:
        raise WorkerError(f"no open session {req['session']}")
    return s


def cmd_hello(req, blobs):
    targets = {}
    for name, const in BACKENDS.items():
        if hasattr(cv2.dnn, const):
            found = cv2.dnn.getAvailableTargets(getattr(cv2.dnn, const))
            targets[name] = [TARGET_NAMES.get(int(t), str(int(t))) for t in list(found)]
    return {
        "version": cv2.__version__,
        "buildInformation": cv2.getBuildInformation(),
        "targets": targets,
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "numpy": np.__version__,
        "cv2File": getattr(cv2, "__file__", None),
        "dnnEngines": hasattr(cv2.dnn, "ENGINE_CLASSIC"),
        # What this process got (its own PYTHONPATH, LD_LIBRARY_PATH...), not what Node has.
        "env": {n: os.environ[n] for n in req.get("envNames", []) if n in os.environ},
    }, []


def cmd_open(req, blobs):
    net, create_ms, engine, log = load_net(req)
    fetch = fetch_names(net, req.get("outputs"))
    SESSIONS[req["session"]] = Session(net, fetch)
    return {"createMs": create_ms, "dnnEngine": graph_engine(net, engine), "fetch": fetch, "log": log}, []


def cmd_set_inputs(req, blobs):
    s = session(req)
    s.sets = read_sets(req, blobs)
    s.cursor = 0
    return {}, []


def encode_outputs(names, outs):
    metas, data = [], []
    for name, arr in zip(names, outs):
        arr = np.ascontiguousarray(arr)
        metas.append({"name": name, "dtype": str(arr.dtype), "dims": list(arr.shape)})
        data.append(arr.tobytes())
    return metas, data


def cmd_run_once(req, blobs):
    s = session(req)
    ms, outs, report = s.run(req["index"])
    metas, data = encode_outputs(s.fetch, outs)
    return {"ms": ms, "outputs": metas, "report": report}, data


def cmd_time(req, blobs):
    s = session(req)
    samples, report = [], None
    for _ in range(req["iterations"]):
        ms, _, first = s.run(s.cursor)
        s.cursor += 1
        samples.append(ms)
        report = report or first
    return {"samplesMs": samples, "report": report}, []


def layer_shapes(net, inputs):
    """Per-layer input and output shapes for these inputs, when OpenCV can say."""
    try:
        ids, ins, outs = net.getLayersShapes([list(a.shape) for _, a in inputs])
        return {int(i): ([list(map(int, s)) for s in a], [list(map(int, s)) for s in b]) for i, a, b in zip(ids, ins, outs)}
    except (cv2.error, AttributeError, TypeError, ValueError):  # OpenCV 5's Net has no getLayersShapes
        return {}


def cmd_profile(req, blobs):
    """Per-layer times from getPerfProfile on a net of its own, `runs` times after one warm-up."""
    net, _, engine, log = load_net(req)
    fetch = fetch_names(net, req.get("outputs"))
    sets = read_sets(req, blobs)
    _, _, first_log = first_forward(net, fetch, sets[0])
    names = list(net.getLayerNames())
    tick_ms = 1000.0 / cv2.getTickFrequency()
    times = [[] for _ in names]
    wall = []
    for r in range(req["runs"]):
        t0 = time.perf_counter_ns()
        forward(net, fetch, sets[r % len(sets)])
        wall.append((time.perf_counter_ns() - t0) / 1e6)
        _, timings = net.getPerfProfile()
        for i, t in enumerate(list(timings.flatten() if hasattr(timings, "flatten") else timings)[: len(names)]):
            times[i].append(float(t) * tick_ms)
    shapes = layer_shapes(net, sets[0])
    layers = []
    # By name: layer ids start at 1 in the classic engine (0 is its input layer), at 0 in OpenCV 5's new one.
    for name, ms in zip(names, times):
        ins, outs = shapes.get(net.getLayerId(name), ([], []))
        layers.append({"name": name, "type": net.getLayer(name).type, "ms": ms, "inputShapes": ins, "outputShapes": outs})
    return {
        "layers": layers,
        "wallMs": wall,
        # With synchronous launches a CUDA layer's time includes its kernels; without, only their dispatch.
        "cudaLaunchBlocking": os.environ.get("CUDA_LAUNCH_BLOCKING") == "1",
        "dnnEngine": graph_engine(net, engine),
        "report": {"log": log + first_log, "layerTargets": layer_targets(net)},
    }, []


def cmd_plain_loop(req, blobs):
    """A plain loop as users write it, on the session's own net and inputs: setInput + forward()
    timed with perf_counter for `ms` milliseconds (the harness agreement check, bench/)."""
    s = session(req)
    if s.sets is None or not s.first_done:
        raise WorkerError("plain_loop needs set_inputs and a first run")
    samples, i, end = [], 0, time.perf_counter() + req["ms"] / 1000.0
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        for name, arr in s.sets[i % len(s.sets)]:
            s.net.setInput(arr, name)
        s.net.forward()
        samples.append((time.perf_counter() - t0) * 1000.0)
        i += 1
    return {"samplesMs": samples}, []
class Load:
    """A closed loop: one thread per session (cv::dnn::Net), each running forward back to back.

    cv2 releases the GIL inside setInput and forward, so the threads' forwards overlap; what
    they record (lane, start, end) is appended to one list that polls read from a cursor.
    """

    def __init__(self, sessions):
        self.sessions = sessions
        self.records = []
        self.cursor = 0
        self.errors = []
        self.stopping = threading.Event()
        self.epoch = time.perf_counter_ns()
        self.cpu0 = time.process_time()
        self.threads = [threading.Thread(target=self.lane, args=(i, s), daemon=True) for i, s in enumerate(sessions)]
        for t in self.threads:
            t.start()

    def now_ms(self):
        return (time.perf_counter_ns() - self.epoch) / 1e6

    def lane(self, lane, s):
        i = lane
        try:
            while not self.stopping.is_set():
                t0 = time.perf_counter_ns()
                s.run(i)
                t1 = time.perf_counter_ns()
                self.records.append([lane, (t0 - self.epoch) / 1e6, (t1 - self.epoch) / 1e6])
                i += 1
        except Exception as e:  # reported by the next poll or the stop
            self.errors.append(f"Net {lane + 1} of {len(self.sessions)}: {one_line(e)}")
            self.stopping.set()

    def take(self):
        end = len(self.records)
        out = self.records[self.cursor:end]
        self.cursor = end
        return out

    def report(self):
        return {"nowMs": self.now_ms(), "records": self.take(), "cpuMs": (time.process_time() - self.cpu0) * 1000,
                "errors": self.errors}


LOAD = {}


def cmd_load_start(req, blobs):
    if "load" in LOAD:
        raise WorkerError("a closed loop is already running in this worker")
    LOAD["load"] = Load([session({"session": sid}) for sid in req["sessions"]])
    return {"nowMs": 0.0}, []


def cmd_load_poll(req, blobs):
    load = LOAD.get("load")
    if load is None:
        raise WorkerError("no closed loop is running")
    return load.report(), []


def cmd_load_stop(req, blobs):
    load = LOAD.pop("load", None)
    if load is None:
        raise WorkerError("no closed loop is running")
    load.stopping.set()
    for t in load.threads:
        t.join()
    return load.report(), []


def cmd_close(req, blobs):
    SESSIONS.pop(req["session"], None)
    return {}, []


COMMANDS = {"hello": cmd_hello, "open": cmd_open, "set_inputs": cmd_set_inputs, "run_once": cmd_run_once,
            "time": cmd_time, "profile": cmd_profile, "plain_loop": cmd_plain_loop, "close": cmd_close,
            "load_start": cmd_load_start, "load_poll": cmd_load_poll, "load_stop": cmd_load_stop}


def read_exact(n):
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        k = PROTO_IN.readinto(view[got:])
        if not k:
            raise EOFError
        got += k
    return buf


def main():
    claim_stdout()
    die_with_parent()
    try:
        load_libraries()
    except Exception as e:  # reported to Node as one line, then exit
        send({"id": 0, "ok": False, "fatal": "import", "error": f"{type(e).__name__}: {e}"})
        sys.exit(3)
    send({"id": 0, "ok": True})
    while True:
        line = PROTO_IN.readline()
        if not line:
            return  # Node closed our stdin: its process is done with us
        req = json.loads(line)
        blobs = [read_exact(n) for n in req.get("blobs", [])]
        try:
            handler = COMMANDS.get(req.get("cmd"))
            if handler is None:
                raise WorkerError(f"unknown command {req.get('cmd')!r}")
            reply, data = handler(req, blobs)
            send({"id": req["id"], "ok": True, **reply}, data)
        except Exception as e:  # one line back to Node; the worker stays up for the next request
            send({"id": req["id"], "ok": False, "error": one_line(e)})


if __name__ == "__main__":
    try:
        main()
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass
