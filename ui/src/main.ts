import { mount } from "svelte";
import App from "./App.svelte";
import { connect } from "./lib/api";
import { mark } from "./lib/bench";
import "./styles/app.css";
import "./styles/material.css";

const target = document.getElementById("app");
if (target) {
  // The start's steps, for `make bench-app` (lib/bench.ts).
  mark("start:script");
  const api = await connect();
  mark("start:connected");
  mount(App, { target, props: { api } });
  mark("start:mounted");
  requestAnimationFrame(() => mark("start:first-frame"));
}
