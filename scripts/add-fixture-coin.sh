#!/bin/sh
# Follows the README's "Adding a coin" steps for a fixture coin, so CI proves those steps are all it
# takes: a folder, its name in the catalog, an entry in an environment file, then `npm run records`.
# The fixture is litecoin under another name (its image and commands are declared already).
# Run on a scratch checkout: it edits the tree. Usage: scripts/add-fixture-coin.sh [name]
set -eu
name="${1:-fixturecoin}"
cd "$(dirname "$0")/.."

# 1. The coin's folder, and its name in the catalog.
mkdir -p "coinstacks/$name"
sed -e "s/export const litecoin = utxoCoin({/export const $name = utxoCoin({/" \
  -e "s/  name: \"litecoin\",/  name: \"$name\",/" coinstacks/litecoin/index.ts >"coinstacks/$name/index.ts"
sed -i -e "s/\"polkadot\"] as const;/\"polkadot\", \"$name\"] as const;/" coinstacks/names.ts
sed -i -e "s|^import { litecoin } from \"./litecoin\";|&\nimport { $name } from \"./$name\";|" \
  -e "s/ethereum, polkadot };/ethereum, polkadot, $name };/" coinstacks/index.ts

# 2. Enabled in dev, on its testnet (the yaml package keeps the file's comments and layout).
node -e 'const fs = require("fs"); const { parseDocument } = require("yaml");
  const doc = parseDocument(fs.readFileSync("config/dev.yaml", "utf8"));
  doc.setIn(["coins", process.argv[1]], doc.createNode({ network: "testnet" }));
  fs.writeFileSync("config/dev.yaml", doc.toString({ flowCollectionPadding: false }));' "$name"

# 3. The generated records.
npm run --silent records
