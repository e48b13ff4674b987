package dev.metaopt.export;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The framing of a W&B {@code .wandb} transaction log: a LevelDB log (blocks of 32 KiB, each
 * record chunk a 7-byte header of checksum, length and type FULL/FIRST/MIDDLE/LAST, a block's
 * unusable tail zero-padded) after W&B's 7-byte file header {@code ":W&B"}, magic {@code 0xBEE1},
 * version 0. The checksum is CRC-32 (IEEE) of the type byte followed by the data, little-endian.
 *
 * <p>Format as written by wandb's own writers: {@code wandb/sdk/internal/datastore.py}
 * ({@code _write_header}, {@code _write_data}, {@code _write_record}, constants at its top) and
 * {@code core/internal/transactionlog/writer.go} ({@code leveldb.NewWriterExt(f,
 * leveldb.CRCAlgoIEEE, wandbStoreVersion)}, version 0 in {@code transactionlog.go}).
 */
final class TransactionLog {
  static final int BLOCK = 32 * 1024;
  static final int HEADER = 7;
  static final int FULL = 1;
  static final int FIRST = 2;
  static final int MIDDLE = 3;
  static final int LAST = 4;
  private static final int MAGIC = 0xBEE1;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int offset;

  TransactionLog() {
    out.writeBytes(":W&B".getBytes(StandardCharsets.ISO_8859_1));
    out.write(MAGIC & 0xFF);
    out.write(MAGIC >>> 8);
    out.write(0); // version
    offset = HEADER;
  }

  /** Appends one record (a serialized protobuf message), split across blocks as needed. */
  void append(byte[] data) {
    int left = BLOCK - offset % BLOCK;
    if (left < HEADER) {
      pad(left);
      left = BLOCK;
    }
    if (data.length + HEADER <= left) {
      chunk(FULL, data, 0, data.length);
      return;
    }
    int used = left - HEADER;
    chunk(FIRST, data, 0, used);
    while (data.length - used > BLOCK - HEADER) {
      chunk(MIDDLE, data, used, BLOCK - HEADER);
      used += BLOCK - HEADER;
    }
    chunk(LAST, data, used, data.length - used);
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private void chunk(int type, byte[] data, int from, int length) {
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(data, from, length);
    ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt((int) crc.getValue()).putShort((short) length).put((byte) type);
    out.writeBytes(header.array());
    out.write(data, from, length);
    offset += HEADER + length;
  }

  private void pad(int bytes) {
    out.writeBytes(new byte[bytes]);
    offset += bytes;
  }
}
