// DLEnvProbe: see README.md in this folder.
