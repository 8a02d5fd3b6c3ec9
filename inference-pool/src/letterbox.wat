;; The two passes of OpenCV's 8-bit INTER_LINEAR resize (resize.cpp, fixed point with 11-bit
;; weights), in WebAssembly SIMD, for letterbox.ts. Hand-written because the arithmetic must be
;; OpenCV's to the bit (see letterbox.ts), and no library resizes that way outside OpenCV.
;;
;; Assembled by `bun run wasm:build` (wabt) into letterbox.wasm.ts; a test checks the two agree.
;; letterbox.ts lays out the memory, builds the per-column tables and drives the rows; these
;; functions are only the inner loops. All pointers are byte offsets into the imported memory.
(module
  (import "env" "memory" (memory 1))

  ;; The horizontal pass of one source row: for each of `n` output columns, the source pixel at
  ;; `src + xoff[x]` and the one after it (its bytes follow, `cn` on), weighted by `xw[x]`, into
  ;; three planar i32 rows at `row`, `row + plane` and `row + 2 * plane`.
  ;;
  ;; `mask` (16 bytes) picks, from the 8 bytes loaded at the column, the pairs (channel of this
  ;; pixel, same channel of the next) for the three output planes, each byte widened to 16 bits;
  ;; `xw[x]` (16 bytes) holds the column's weights (w0, w1) three times. One dot product then
  ;; gives the three sums p0 * w0 + p1 * w1, as OpenCV's HResizeLinear computes them.
  ;;
  ;; Four columns a step: their sums (one vector each, a lane per plane) are transposed into one
  ;; vector per plane, stored whole. The tables and rows run to a multiple of four columns
  ;; (letterbox.ts pads them with columns of weight 0), so no column is left over.
  (func (export "horizontal")
    (param $src i32) (param $xoff i32) (param $xw i32) (param $row i32)
    (param $n i32) (param $plane i32) (param $mask i32)
    (local $m v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $lo v128) (local $hi v128) (local $end i32)
    (local.set $m (v128.load (local.get $mask)))
    (local.set $end (i32.add (local.get $row) (i32.shl (local.get $n) (i32.const 2))))
    (loop $columns
      (local.set $s0
        (i32x4.dot_i16x8_s
          (i8x16.swizzle
            (v128.load64_zero (i32.add (local.get $src) (i32.load (local.get $xoff))))
            (local.get $m))
          (v128.load (local.get $xw))))
      (local.set $s1
        (i32x4.dot_i16x8_s
          (i8x16.swizzle
            (v128.load64_zero (i32.add (local.get $src) (i32.load offset=4 (local.get $xoff))))
            (local.get $m))
          (v128.load offset=16 (local.get $xw))))
      (local.set $s2
        (i32x4.dot_i16x8_s
          (i8x16.swizzle
            (v128.load64_zero (i32.add (local.get $src) (i32.load offset=8 (local.get $xoff))))
            (local.get $m))
          (v128.load offset=32 (local.get $xw))))
      (local.set $s3
        (i32x4.dot_i16x8_s
          (i8x16.swizzle
            (v128.load64_zero (i32.add (local.get $src) (i32.load offset=12 (local.get $xoff))))
            (local.get $m))
          (v128.load offset=48 (local.get $xw))))
      ;; lo = (s0.0 s1.0 s0.1 s1.1), hi = (s2.0 s3.0 s2.1 s3.1): their halves are planes 0 and 1.
      (local.set $lo
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $s0) (local.get $s1)))
      (local.set $hi
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $s2) (local.get $s3)))
      (v128.store (local.get $row)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)))
      (v128.store (i32.add (local.get $row) (local.get $plane))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi)))
      ;; Plane 2 from lane 2 of each: (s0.2 s1.2 ..) and (s2.2 s3.2 ..), their low halves joined.
      (v128.store (i32.add (local.get $row) (i32.shl (local.get $plane) (i32.const 1)))
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (i8x16.shuffle 8 9 10 11 24 25 26 27 8 9 10 11 24 25 26 27 (local.get $s0) (local.get $s1))
          (i8x16.shuffle 8 9 10 11 24 25 26 27 8 9 10 11 24 25 26 27 (local.get $s2) (local.get $s3))))
      (local.set $xoff (i32.add (local.get $xoff) (i32.const 16)))
      (local.set $xw (i32.add (local.get $xw) (i32.const 64)))
      (local.set $row (i32.add (local.get $row) (i32.const 16)))
      (br_if $columns (i32.lt_u (local.get $row) (local.get $end)))))

  ;; OpenCV's vertical vector kernel (VResizeLinearVec_32s8u) on four columns: each row's sum
  ;; shifted down 4 bits, multiplied by its weight keeping the high 16 bits, then both added and
  ;; rounded down 2 more bits.
  (func $blend4 (param $r0 v128) (param $r1 v128) (param $b0 v128) (param $b1 v128) (result v128)
    (i32x4.shr_s
      (i32x4.add
        (i32x4.add
          (i32x4.shr_s (i32x4.mul (i32x4.shr_s (local.get $r0) (i32.const 4)) (local.get $b0)) (i32.const 16))
          (i32x4.shr_s (i32x4.mul (i32x4.shr_s (local.get $r1) (i32.const 4)) (local.get $b1)) (i32.const 16)))
        (v128.const i32x4 2 2 2 2))
      (i32.const 2)))

  ;; The same on one column (the columns left over after the vector steps).
  (func $blend1 (param $r0 i32) (param $r1 i32) (param $b0 i32) (param $b1 i32) (result i32)
    (i32.shr_s
      (i32.add
        (i32.add
          (i32.shr_s (i32.mul (i32.shr_s (local.get $r0) (i32.const 4)) (local.get $b0)) (i32.const 16))
          (i32.shr_s (i32.mul (i32.shr_s (local.get $r1) (i32.const 4)) (local.get $b1)) (i32.const 16)))
        (i32.const 2))
      (i32.const 2)))

  ;; One output row of one plane as bytes: `n` columns of the i32 rows `r0` and `r1` blended with
  ;; weights `b0` and `b1` into `dst`, 16 columns a step. The narrowing saturates: rounding can
  ;; reach 256, which OpenCV stores as 255.
  (func (export "verticalBytes")
    (param $r0 i32) (param $r1 i32) (param $b0 i32) (param $b1 i32) (param $dst i32) (param $n i32)
    (local $w0 v128) (local $w1 v128) (local $end i32) (local $v i32)
    (local.set $w0 (i32x4.splat (local.get $b0)))
    (local.set $w1 (i32x4.splat (local.get $b1)))
    (local.set $end (i32.add (local.get $dst) (i32.and (local.get $n) (i32.const -16))))
    (block $vectors
      (loop $step
        (br_if $vectors (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst)
          (i8x16.narrow_i16x8_u
            (i16x8.narrow_i32x4_s
              (call $blend4 (v128.load (local.get $r0)) (v128.load (local.get $r1)) (local.get $w0) (local.get $w1))
              (call $blend4 (v128.load offset=16 (local.get $r0)) (v128.load offset=16 (local.get $r1)) (local.get $w0) (local.get $w1)))
            (i16x8.narrow_i32x4_s
              (call $blend4 (v128.load offset=32 (local.get $r0)) (v128.load offset=32 (local.get $r1)) (local.get $w0) (local.get $w1))
              (call $blend4 (v128.load offset=48 (local.get $r0)) (v128.load offset=48 (local.get $r1)) (local.get $w0) (local.get $w1)))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 64)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 64)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $step)))
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $n) (i32.const 15))))
    (block $done
      (loop $column
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (local.set $v
          (call $blend1 (i32.load (local.get $r0)) (i32.load (local.get $r1)) (local.get $b0) (local.get $b1)))
        (i32.store8 (local.get $dst) (call $min255 (local.get $v)))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 4)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (br $column))))

  ;; One output row of one plane as float32 for models that take normalised input: the byte
  ;; value the row above would store (clamped to 255), times `a` plus `b`, 4 columns a step.
  (func (export "verticalFloats")
    (param $r0 i32) (param $r1 i32) (param $b0 i32) (param $b1 i32) (param $dst i32) (param $n i32)
    (param $a f32) (param $b f32)
    (local $w0 v128) (local $w1 v128) (local $av v128) (local $bv v128) (local $end i32)
    (local.set $w0 (i32x4.splat (local.get $b0)))
    (local.set $w1 (i32x4.splat (local.get $b1)))
    (local.set $av (f32x4.splat (local.get $a)))
    (local.set $bv (f32x4.splat (local.get $b)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vectors
      (loop $step
        (br_if $vectors (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst)
          (f32x4.add
            (f32x4.mul
              (f32x4.convert_i32x4_s
                (i32x4.min_s
                  (call $blend4 (v128.load (local.get $r0)) (v128.load (local.get $r1)) (local.get $w0) (local.get $w1))
                  (v128.const i32x4 255 255 255 255)))
              (local.get $av))
            (local.get $bv)))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $step)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done
      (loop $column
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst)
          (f32.add
            (f32.mul
              (f32.convert_i32_s
                (call $min255
                  (call $blend1 (i32.load (local.get $r0)) (i32.load (local.get $r1)) (local.get $b0) (local.get $b1))))
              (local.get $a))
            (local.get $b)))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 4)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $column))))

  ;; Rounding can reach 256 by one: a byte saturates at 255, as OpenCV's store does.
  (func $min255 (param $v i32) (result i32)
    (select (i32.const 255) (local.get $v) (i32.gt_s (local.get $v) (i32.const 255)))))
