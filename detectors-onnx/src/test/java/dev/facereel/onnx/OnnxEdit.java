package dev.facereel.onnx;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Just enough of the protobuf wire format to derive test variants of an ONNX model: drop graph outputs by their
 * declared last dimension, or fix the input's height and width.
 */
final class OnnxEdit {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;

    /** One field of a message: its number, wire type, and its value (varint) or raw bytes (everything else). */
    private record Field(int number, int wireType, long varint, byte[] bytes) {
        Field withBytes(byte[] newBytes) {
            return new Field(number, wireType, 0, newBytes);
        }
    }

    private OnnxEdit() {
    }

    /** The model without the graph outputs whose declared last dimension is {@code lastDim}. */
    static byte[] dropOutputs(byte[] model, long lastDim) {
        return editGraph(model, graph -> {
            List<Field> kept = new ArrayList<>();
            for (Field f : graph) {
                List<Field> dims = f.number() == GRAPH_OUTPUT ? dims(f.bytes()) : List.of();
                if (dims.isEmpty() || dimValue(dims.get(dims.size() - 1)) != lastDim) {
                    kept.add(f);
                }
            }
            return kept;
        });
    }

    /** The model with the first graph input declared as {@code [1,3,height,width]}. */
    static byte[] fixInputSize(byte[] model, int height, int width) {
        return editGraph(model, graph -> {
            List<Field> out = new ArrayList<>(graph);
            int first = indexOf(out, GRAPH_INPUT);
            long[] shape = {1, 3, height, width};
            out.set(first, edit(out.get(first), VALUE_TYPE, type -> edit(type, TYPE_TENSOR, tensor -> edit(tensor,
                    TENSOR_SHAPE, s -> {
                        List<Field> dims = new ArrayList<>();
                        for (long d : shape) {
                            dims.add(new Field(SHAPE_DIM, 2, 0, write(List.of(new Field(DIM_VALUE, 0, d, null)))));
                        }
                        return s.withBytes(write(dims));
                    }))));
            return out;
        });
    }

    private static byte[] editGraph(byte[] model, UnaryOperator<List<Field>> change) {
        List<Field> fields = new ArrayList<>(parse(model));
        int graph = indexOf(fields, MODEL_GRAPH);
        fields.set(graph, fields.get(graph).withBytes(write(change.apply(parse(fields.get(graph).bytes())))));
        return write(fields);
    }

    /** The field with sub-field {@code number} replaced by {@code change} of it. */
    private static Field edit(Field message, int number, UnaryOperator<Field> change) {
        List<Field> fields = new ArrayList<>(parse(message.bytes()));
        int i = indexOf(fields, number);
        fields.set(i, change.apply(fields.get(i)));
        return message.withBytes(write(fields));
    }

    private static List<Field> dims(byte[] valueInfo) {
        List<Field> type = parse(find(parse(valueInfo), VALUE_TYPE));
        List<Field> tensor = parse(find(type, TYPE_TENSOR));
        return parse(find(tensor, TENSOR_SHAPE)).stream().filter(f -> f.number() == SHAPE_DIM).toList();
    }

    private static long dimValue(Field dim) {
        return parse(dim.bytes()).stream().filter(f -> f.number() == DIM_VALUE).mapToLong(Field::varint).findFirst()
                .orElse(-1);
    }

    private static byte[] find(List<Field> fields, int number) {
        return fields.get(indexOf(fields, number)).bytes();
    }

    private static int indexOf(List<Field> fields, int number) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).number() == number) {
                return i;
            }
        }
        throw new IllegalArgumentException("no field " + number);
    }

    private static List<Field> parse(byte[] bytes) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < bytes.length) {
            long key = varint(bytes, pos);
            int wireType = (int) (key & 7);
            int number = (int) (key >>> 3);
            switch (wireType) {
                case 0 -> fields.add(new Field(number, 0, varint(bytes, pos), null));
                case 1, 5 -> fields.add(new Field(number, wireType, 0, slice(bytes, pos, wireType == 1 ? 8 : 4)));
                case 2 -> fields.add(new Field(number, 2, 0, slice(bytes, pos, (int) varint(bytes, pos))));
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
            }
        }
        return fields;
    }

    private static byte[] write(List<Field> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field f : fields) {
            writeVarint(out, ((long) f.number() << 3) | f.wireType());
            if (f.wireType() == 0) {
                writeVarint(out, f.varint());
            } else {
                if (f.wireType() == 2) {
                    writeVarint(out, f.bytes().length);
                }
                out.writeBytes(f.bytes());
            }
        }
        return out.toByteArray();
    }

    private static byte[] slice(byte[] bytes, int[] pos, int length) {
        byte[] out = Arrays.copyOfRange(bytes, pos[0], pos[0] + length);
        pos[0] += length;
        return out;
    }

    private static long varint(byte[] bytes, int[] pos) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[pos[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
