/** Exports no connector: `connectorkit build` must say what it found. */
import { defineConnector } from "@connectorkit/sdk";

export const makeConnector = () =>
  defineConnector({ title: "Late", description: "Made by a factory, not exported as a value.", operations: [] });
export const settings = { host: "api.example.com" };
