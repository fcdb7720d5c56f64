// DLEnvNN: see README.md in this folder.
