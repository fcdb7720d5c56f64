// DLEnvTensor: see README.md in this folder.
