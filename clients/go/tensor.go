package loff

import (
	"encoding/binary"
	"fmt"
	"math"

	"loff/client/loffv1"
)

// Tensor is a dense row-major little-endian tensor as received (Data is not copied again).
type Tensor struct {
	DType loffv1.DataType
	Shape []int
	Data  []byte
}

// ElementSize is the byte size of one element of dt (0 for an unknown type).
func ElementSize(dt loffv1.DataType) int {
	switch dt {
	case loffv1.DataType_DATA_TYPE_FLOAT16:
		return 2
	case loffv1.DataType_DATA_TYPE_FLOAT32:
		return 4
	}
	return 0
}

// tensorOf validates a wire tensor: known dtype and a shape that matches the byte count.
func tensorOf(t *loffv1.Tensor) (Tensor, error) {
	size := ElementSize(t.GetDtype())
	if size == 0 {
		return Tensor{}, fmt.Errorf("loff: tensor with unknown dtype %v", t.GetDtype())
	}
	shape := make([]int, len(t.GetShape()))
	n := 1
	for i, d := range t.GetShape() {
		shape[i] = int(d)
		n *= int(d)
	}
	if n*size != len(t.GetData()) {
		return Tensor{}, fmt.Errorf("loff: tensor shape %v does not match %d bytes", shape, len(t.GetData()))
	}
	return Tensor{DType: t.GetDtype(), Shape: shape, Data: t.GetData()}, nil
}

// Row is the bytes of element i of the outermost dimension (sample i of a batch).
func (t Tensor) Row(i int) []byte {
	n := len(t.Data) / t.Shape[0]
	return t.Data[i*n : (i+1)*n]
}

// Float32s decodes the tensor into float32 values (fp16 widened exactly).
func (t Tensor) Float32s() []float32 {
	size := ElementSize(t.DType)
	out := make([]float32, len(t.Data)/size)
	for i := range out {
		if size == 4 {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.Data[4*i:]))
		} else {
			out[i] = Float16ToFloat32(binary.LittleEndian.Uint16(t.Data[2*i:]))
		}
	}
	return out
}

// Float16ToFloat32 widens IEEE 754 binary16 bits to a float32 (exact, including subnormals, inf, NaN).
func Float16ToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | frac<<13)
	case exp != 0:
		return math.Float32frombits(sign | (exp+112)<<23 | frac<<13)
	case frac == 0:
		return math.Float32frombits(sign)
	}
	// Subnormal: value = frac * 2^-24, exactly representable in float32.
	v := float32(frac) * float32(1.0/16777216.0)
	if sign != 0 {
		return -v
	}
	return v
}
