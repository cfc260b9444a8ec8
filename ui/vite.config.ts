/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// The same config builds the app (into dist/, embedded by the Tauri shell), serves it in a
// plain browser with the mock backend (`npm run dev`), and runs the component tests.
export default defineConfig({
  // svelteTesting: browser builds of Svelte under vitest, and cleanup after each test.
  plugins: [svelte(), ...(process.env.VITEST ? [svelteTesting()] : [])],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  // CodeMirror makes the one bundle large; it is loaded from disk, not a network.
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test-setup.ts"],
    include: ["src/**/*.test.ts"],
    testTimeout: 15000,
  },
});
