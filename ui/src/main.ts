import { mount } from "svelte";
import App from "./App.svelte";
import { connect } from "./lib/api";
import "./styles/app.css";
import "./styles/material.css";

const target = document.getElementById("app");
if (target) {
  const api = await connect();
  mount(App, { target, props: { api } });
}
