package dev.grounded.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body built by hand, as browsers and SDKs send it. */
final class Multipart {
  private final String boundary = "----grounded" + UUID.randomUUID().toString().replace("-", "");
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Multipart field(String name, String value) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
    write(value + "\r\n");
    return this;
  }

  Multipart file(String name, String fileName, byte[] content) {
    write(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    out.writeBytes(content);
    write("\r\n");
    return this;
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  byte[] bytes() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return copy.toByteArray();
  }

  private void write(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
