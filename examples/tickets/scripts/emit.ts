/** Writes the example connector's apiDefinition.swagger.json (the golden file). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { toSwagger } from "@connectorkit/sdk/swagger";
import { connector } from "../src/connector";

const out = fileURLToPath(new URL("../apiDefinition.swagger.json", import.meta.url));
writeFileSync(out, `${JSON.stringify(toSwagger(connector), null, 2)}\n`);
console.log(`wrote ${out}`);
