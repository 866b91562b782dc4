import { describe, expect, it } from "vitest";
import { linkHref } from "./cellLinks.ts";

describe("linkHref", () => {
  it("links http, https and mailto addresses in URL columns", () => {
    expect(linkHref("url", "https://example.org/a?b=c#d")).toBe("https://example.org/a?b=c#d");
    expect(linkHref("url", "http://example.org")).toBe("http://example.org/");
    expect(linkHref("url", "mailto:help@example.org")).toBe("mailto:help@example.org");
  });

  it("gives no link for any other scheme, a relative path or text that is not an address", () => {
    for (const value of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox",
      "file:///etc/passwd",
      "ftp://example.org",
      "/relative/path",
      "example.org",
      "http://",
      "not a url",
      "",
    ]) {
      expect(linkHref("url", value), value).toBeNull();
    }
  });

  it("links a plain address in email columns, and nothing a mailto: link would read as more", () => {
    expect(linkHref("email", "help@example.org")).toBe("mailto:help@example.org");
    for (const value of [
      "help@example.org?cc=everyone@example.org",
      "a@example.org,b@example.org",
      "help@example.org#x",
      "javascript:alert(1)//@example.org",
      "not an email",
      "",
    ]) {
      expect(linkHref("email", value), value).toBeNull();
    }
  });

  it("gives no link for other types or values that are not text", () => {
    expect(linkHref("text", "https://example.org")).toBeNull();
    expect(linkHref("url", null)).toBeNull();
    expect(linkHref("url", 42)).toBeNull();
    expect(linkHref("email", true)).toBeNull();
  });
});
