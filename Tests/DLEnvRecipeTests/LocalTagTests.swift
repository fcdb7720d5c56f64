import DLEnvCore
import Testing

@testable import DLEnvRecipe

/// Which pins carry the variant's local tag: the wheel indexes name torch and torchvision `X+cuNNN`, torchaudio only
/// from 0.10 (torch 1.10) on; PyPI's own default build carries no tag at all.
@Suite struct LocalTagTests {
    static let cu111 = Stack(
        torch: "1.9.0", torchvision: "0.10.0", torchaudio: "0.9.0", python: "3.8", variant: "cu111", cuda: "11.1",
        indexURL: "https://download.pytorch.org/whl/torch_stable.html")

    @Test func oldTorchaudioHasNoLocalTag() throws {
        let plan = try SamplePlans.plan("name: old\ntorch: \"1.9\"\n", stack: Self.cu111)
        #expect(plan.torchPins == ["torch==1.9.0+cu111", "torchvision==0.10.0+cu111", "torchaudio==0.9.0"])
    }

    @Test func torchaudioFromTenOnIsTagged() throws {
        var stack = Self.cu111
        stack.torch = "1.10.0"
        stack.torchvision = "0.11.1"
        stack.torchaudio = "0.10.0"
        let plan = try SamplePlans.plan("name: new\ntorch: \"1.10\"\n", stack: stack)
        #expect(plan.torchPins.last == "torchaudio==0.10.0+cu111")
    }

    @Test func pypiDefaultIsUntagged() throws {
        var stack = Self.cu111
        stack.indexURL = nil
        stack.pypiDefault = true
        let plan = try SamplePlans.plan("name: pypi\ntorch: \"1.9\"\n", stack: stack)
        #expect(plan.torchPins == ["torch==1.9.0", "torchvision==0.10.0", "torchaudio==0.9.0"])
    }
}
