LambdaLR(lr_lambda=lambda epoch: 0.95 ** epoch)
