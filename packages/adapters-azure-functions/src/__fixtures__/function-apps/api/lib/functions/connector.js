// Stands for a compiled function module: registerConnector({ hostJson: import.meta.url }) finds ../../host.json.
