// DLEnvWorkloads: see README.md in this folder.
