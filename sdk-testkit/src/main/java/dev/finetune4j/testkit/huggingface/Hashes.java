package dev.finetune4j.testkit.huggingface;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests as git and Git LFS compute them. */
final class Hashes {

  private Hashes() {
  }

  static String sha256(byte[] bytes) {
    return digest("SHA-256", bytes);
  }

  static String sha1(byte[] bytes) {
    return digest("SHA-1", bytes);
  }

  static String md5(byte[] bytes) {
    return digest("MD5", bytes);
  }

  /** The git blob id of some content: sha1 of {@code "blob <size>\0" + content}. */
  static String gitBlobId(byte[] content) {
    byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[header.length + content.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(content, 0, all, header.length, content.length);
    return sha1(all);
  }

  static String sha1(String text) {
    return sha1(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String digest(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
