import { describe, expect, it } from "vitest";
import { embedCsp, frameAncestors, tileSource } from "./embedPolicy.ts";

describe("the embed's Content-Security-Policy", () => {
  it("allows images from the tile host only, a {s} subdomain as a wildcard", () => {
    expect(tileSource("https://tile.openstreetmap.org/{z}/{x}/{y}.png")).toBe("https://tile.openstreetmap.org");
    expect(tileSource("https://{s}.tile.example.org/{z}/{x}/{y}.png")).toBe("https://*.tile.example.org");
    expect(tileSource("http://127.0.0.1:8080/{z}/{x}/{y}.png")).toBe("http://127.0.0.1:8080");
    expect(tileSource("https://tiles-{s}.example.org/{z}/{x}/{y}.png")).toBe("https:"); // templated otherwise
  });

  it("lets any site frame the embed until owners list some, then only those and this site", () => {
    expect(frameAncestors([])).toBe("*");
    expect(frameAncestors(["https://hub.example", "https://*.partner.example"])).toBe(
      "'self' https://hub.example https://*.partner.example",
    );
    const csp = embedCsp({ scriptHash: "abc=", sites: [], tiles: "https://tile.openstreetmap.org/{z}/{x}/{y}.png" });
    expect(csp).toContain("script-src 'self' 'sha256-abc='");
    expect(csp).toContain("img-src 'self' data: https://tile.openstreetmap.org");
    expect(csp).toContain("default-src 'none'");
  });
});
