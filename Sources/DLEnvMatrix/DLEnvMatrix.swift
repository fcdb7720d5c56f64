// DLEnvMatrix: see README.md in this folder.
