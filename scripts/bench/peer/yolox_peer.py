"""The plain-Python peer `bun run bench:peer` measures streamlens against.

OpenCV reads every frame of a video, numpy letterboxes it the way YOLOX was trained (top-left,
pad 114, BGR, 0-255, no mean/std), onnxruntime runs the model with its default threads, numpy
decodes the grid, and OpenCV's batched NMS keeps one box per object and class. Prints one JSON
line: frames, seconds (first frame read to last frame decoded), fps and detections per class.
"""

import argparse
import json
import time

import cv2
import numpy as np
import onnxruntime as ort

STRIDES = (8, 16, 32)
PAD_VALUE = 114


def grid(size):
    """Cell x, y and stride of every output row: stride, then y, then x, as the model emits them."""
    cells = []
    for stride in STRIDES:
        n = size // stride
        ys, xs = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        cells.append(np.stack([xs.ravel(), ys.ravel(), np.full(n * n, stride)], axis=1))
    return np.concatenate(cells).astype(np.float32)


def letterbox(frame, size):
    """Resize to fit, keep the aspect ratio, paste at the top-left of a grey canvas; NCHW float."""
    h, w = frame.shape[:2]
    r = min(size / h, size / w)
    resized = cv2.resize(frame, (int(w * r), int(h * r)), interpolation=cv2.INTER_LINEAR)
    canvas = np.full((size, size, 3), PAD_VALUE, dtype=np.uint8)
    canvas[: resized.shape[0], : resized.shape[1]] = resized
    return canvas.transpose(2, 0, 1)[None].astype(np.float32), r


def decode(output, cells, r, score_threshold, iou_threshold):
    """Raw grid output [anchors, 5 + classes] -> (class id, score, x1, y1, x2, y2) in frame pixels."""
    classes = output[:, 5:].argmax(axis=1)
    scores = output[:, 4] * output[np.arange(len(output)), 5 + classes]
    keep = scores >= score_threshold
    if not keep.any():
        return []
    rows, cells, classes, scores = output[keep], cells[keep], classes[keep], scores[keep]
    cx = (rows[:, 0] + cells[:, 0]) * cells[:, 2]
    cy = (rows[:, 1] + cells[:, 1]) * cells[:, 2]
    w = np.exp(rows[:, 2]) * cells[:, 2]
    h = np.exp(rows[:, 3]) * cells[:, 2]
    boxes = np.stack([cx - w / 2, cy - h / 2, w, h], axis=1) / r
    kept = cv2.dnn.NMSBoxesBatched(boxes.tolist(), scores.tolist(), classes.tolist(), score_threshold, iou_threshold)
    return [(int(classes[i]), float(scores[i]), *boxes[i].tolist()) for i in np.array(kept).ravel()]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("video")
    parser.add_argument("--model", required=True, help="yolox_nano.onnx")
    parser.add_argument("--names", required=True, help="coco.names: one class name a line")
    parser.add_argument("--score", type=float, default=0.5)
    parser.add_argument("--iou", type=float, default=0.45)
    args = parser.parse_args()

    names = [line.strip() for line in open(args.names) if line.strip()]
    session = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    model_input = session.get_inputs()[0]
    size = model_input.shape[2]
    cells = grid(size)
    # One warm-up run, so session start-up is not counted as frame time (as for streamlens).
    session.run(None, {model_input.name: np.full((1, 3, size, size), PAD_VALUE, dtype=np.float32)})

    counts = {}
    frames = 0
    started = time.perf_counter()
    video = cv2.VideoCapture(args.video)
    if not video.isOpened():
        raise SystemExit(f"yolox_peer: cannot open video {args.video!r}")
    while True:
        ok, frame = video.read()
        if not ok:
            break
        tensor, r = letterbox(frame, size)
        (output,) = session.run(None, {model_input.name: tensor})
        for class_id, *_ in decode(output[0], cells, r, args.score, args.iou):
            counts[names[class_id]] = counts.get(names[class_id], 0) + 1
        frames += 1
    seconds = time.perf_counter() - started
    video.release()
    print(
        json.dumps(
            {
                "frames": frames,
                "seconds": round(seconds, 3),
                "fps": round(frames / seconds, 1) if seconds > 0 else 0,
                "detections": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
                "versions": {"onnxruntime": ort.__version__, "opencv": cv2.__version__, "numpy": np.__version__},
            }
        )
    )


if __name__ == "__main__":
    main()
