// DLEnvRecipe: see README.md in this folder.
