// SPDX-License-Identifier: MIT
// GELU, x Phi(x), exactly (erf form) and in PyTorch's tanh approximation, forward and derivative.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// Erf form. With a = |x| and E = e^(-a^2/2):
//   Phi(-a)                  = E R(a),                 R(a) = e^(a^2/2) Phi(-a) (entire),
//   gelu'(-a) = Phi(-a) - a phi(a) = E (a - a0) H(a),  H(a) = (R(a) - a/sqrt(2 pi)) / (a - a0),
// a0 = 0.75179152469356 the zero of the derivative, so gelu'(x) = x < 0 ? E (a - a0) H : 1 - that,
// and gelu(x) = x < 0 ? x E R : x (1 - E R), where E R <= 1/2: no cancellation anywhere but in
// a - a0, which a two-sum makes exact. E comes from exp_reduce with a^2/2 carried as a
// double-word (fma gives a*a exactly as hi + lo), so E is good to about 2^-29 (float) even
// where a^2/2 is near 100. R and H are piecewise polynomials in t = a - mid on [0, 1/2], [1/2, 1],
// [1, 2], [2, 4], ... (t exact: mid is 0 on the first piece and Sterbenz's lemma holds on the
// others); each coefficient is looked up once per vector by the piece index (lookup16).
// Coefficients: mpmath chebyfit at 200 bits on each piece, rounded to T, the three lowest
// stored as double-words. The relative error of R and H as stored is 2^-29 (float) and 2^-57
// (double); the last three Horner steps are double-word steps in double, the last two (R)
// and the last one (H) in float, where the rounding of the step left in T stays far below the
// final rounding (the measured bounds did not move). So E R and E (a - a0) H reach the last
// rounding with about 0.1 ulp of error, mostly E's.
// Above a_max every result rounds to -0 (x < 0) or is x and 1 (x > 0): |gelu'(-a_max)| is half
// the least subnormal.
template <class T> struct gelu_constants;
template <> struct gelu_constants<float> {
  static constexpr std::size_t pieces = 6;
  // Double-word Horner steps of R and H (gelu_poly); with more the measured bounds are the same.
  static constexpr std::size_t r_steps = 2, h_steps = 1;
  static constexpr float start[pieces] = {0.0f, 0.5f, 1.0f, 2.0f, 4.0f, 8.0f};
  static constexpr float mid[pieces] = {0.0f, 0.75f, 1.5f, 3.0f, 6.0f, 12.0f};
  static constexpr float a_max = 14.55f;                                      // a_max^2/2 = 105.85
  static constexpr float a0_hi = 0x1.80ead2p-1f, a0_lo = -0x1.a03fd4p-27f;    // 0.751791537, -1.21e-08
  // R: max relative error 2^-29.1 (coefficients as stored)
  static constexpr float r[pieces][12] = {
      {0x1p-1f, -0x1.988454p-2f, 0x1p-2f, -0x1.105838p-3f, 0x1.fffffcp-5f, -0x1.b3c012p-6f, 0x1.555146p-7f, -0x1.f1b1b6p-9f, 0x1.5353c8p-10f, -0x1.a91584p-12f, 0x1.bd245ap-14f, -0x1.1baf8ap-16f},  // [0, 0.5]: 2^-29.1
      {0x1.337024p-2f, -0x1.63e072p-3f, 0x1.5bf7f2p-4f, -0x1.2c849ep-5f, 0x1.d68c6ep-7f, -0x1.53aa1p-8f, 0x1.c990e6p-10f, -0x1.222352p-11f, 0x1.5cbd66p-13f, -0x1.8f85aap-15f, 0x1.bbb0bap-17f, -0x1.d315e4p-19f},  // [0.5, 1]: 2^-38.0
      {0x1.a57056p-3f, -0x1.71c04cp-4f, 0x1.204038p-5f, -0x1.99805ap-7f, 0x1.0d602ep-8f, -0x1.4bf38ap-10f, 0x1.8262f6p-12f, -0x1.ab8fe2p-14f, 0x1.c3c532p-16f, -0x1.ca6aep-18f, 0x1.d2a4aap-20f, -0x1.b7282p-22f},  // [1, 2]: 2^-32.1
      {0x1.f1b89cp-4f, -0x1.19cef2p-5f, 0x1.2c08cap-7f, -0x1.2ed734p-9f, 0x1.239d72p-11f, -0x1.0d366cp-13f, 0x1.de7cfep-16f, -0x1.9a8fe6p-18f, 0x1.53532cp-20f, -0x1.11c3d8p-22f, 0x1.e0592p-25f, -0x1.6d1c6cp-27f},  // [2, 4]: 2^-29.7
      {0x1.095608p-4f, -0x1.5068c2p-7f, 0x1.a0eee8p-10f, -0x1.f9ccap-13f, 0x1.2caa2ep-15f, -0x1.5eae8p-18f, 0x1.91fb38p-21f, -0x1.c472dcp-24f, 0x1.ea7ec2p-27f, -0x1.0b92aep-29f, 0x1.695f5ap-32f, -0x1.7bf92cp-35f},  // [4, 8]: 2^-29.2
      {0x1.0e7dcep-5f, -0x1.63cfc8p-9f, 0x1.d0fb6p-13f, -0x1.2ddfb2p-16f, 0x1.857fd2p-20f, -0x1.f361dap-24f, 0x1.3de754p-27f, -0x1.9567a8p-31f, 0x1.0491aep-34f, -0x1.100e48p-38f, 0x1.45683ep-42f, -0x1.2e3ec4p-44f},  // [8, 14.55]: 2^-29.9
  };
  static constexpr float r_lo[pieces][3] = {
      {-0x1.4adcaep-53f, 0x1.8579fp-27f, -0x1.160a3p-37f},
      {-0x1.086b3cp-27f, 0x1.7e5194p-28f, 0x1.bcf84ap-34f},
      {-0x1.a5dbb6p-29f, -0x1.8b9036p-31f, 0x1.c6af8ep-30f},
      {0x1.186d68p-31f, 0x1.d1454p-30f, 0x1.31ca8p-34f},
      {0x1.8dd8aap-29f, -0x1.b30936p-34f, -0x1.7fefbep-35f},
      {-0x1.c3e998p-30f, -0x1.9778fp-35f, 0x1.6b6b6p-40f},
  };
  // H: max relative error 2^-32.4 (coefficients as stored)
  static constexpr float h[pieces][11] = {
      {-0x1.54851ap-1f, 0x1.69c948p-3f, -0x1.8f9d8cp-4f, 0x1.81f108p-5f, -0x1.4f5acp-6f, 0x1.0b1476p-7f, -0x1.8ae538p-9f, 0x1.10c82ep-10f, -0x1.5b80b6p-12f, 0x1.7644c6p-14f, -0x1.f24c2ep-17f},  // [0, 0.5]: 2^-35.3
      {-0x1.252658p-1f, 0x1.5bb314p-4f, -0x1.2c4eb4p-5f, 0x1.d63e96p-7f, -0x1.5375ap-8f, 0x1.c94e66p-10f, -0x1.21fb5ap-11f, 0x1.5c90c4p-13f, -0x1.8f5496p-15f, 0x1.bb04a6p-17f, -0x1.d26b56p-19f},  // [0.5, 1]: 2^-37.8
      {-0x1.0cadd8p-1f, 0x1.853bdp-5f, -0x1.0deea2p-6f, 0x1.5c7788p-8f, -0x1.a6d46ap-10f, 0x1.e5d8fap-12f, -0x1.09dddcp-13f, 0x1.164bfcp-15f, -0x1.1808d2p-17f, 0x1.19d60ep-19f, -0x1.078e22p-21f},  // [1, 2]: 2^-34.1
      {-0x1.e9c6dep-2f, 0x1.479ce8p-6f, -0x1.3bfa32p-8f, 0x1.24c75ep-10f, -0x1.057d8p-12f, 0x1.c389p-15f, -0x1.79b924p-17f, 0x1.319cep-19f, -0x1.e32becp-22f, 0x1.9ac5b6p-24f, -0x1.3352d8p-26f},  // [2, 4]: 2^-32.8
      {-0x1.c6657ep-2f, 0x1.af48f8p-8f, -0x1.f288ep-11f, 0x1.1b969p-13f, -0x1.3db3fp-16f, 0x1.5ecf78p-19f, -0x1.7d9a74p-22f, 0x1.933d22p-25f, -0x1.ab016cp-28f, 0x1.0facdp-30f, -0x1.16cb94p-33f},  // [4, 8]: 2^-32.4
      {-0x1.b0d098p-2f, 0x1.e9bc3ep-10f, -0x1.32f938p-13f, 0x1.7efb36p-17f, -0x1.db7cbep-21f, 0x1.25a612p-24f, -0x1.6aa916p-28f, 0x1.c0b4c8p-32f, -0x1.dfdf4p-36f, 0x1.25fe74p-39f, -0x1.b8210ep-42f},  // [8, 14.55]: 2^-33.8
  };
  static constexpr float h_lo[pieces][3] = {
      {-0x1.7307bp-27f, 0x1.1a3426p-28f, 0x1.ddef44p-29f},
      {0x1.eddce6p-26f, 0x1.26c0bap-29f, 0x1.91f6d4p-30f},
      {-0x1.42b5c6p-26f, -0x1.72c914p-30f, 0x1.b450e6p-33f},
      {0x1.893b14p-29f, -0x1.ef73b6p-31f, -0x1.fcd0d2p-33f},
      {-0x1.a14c04p-28f, 0x1.db6feep-35f, -0x1.d7884p-36f},
      {0x1.7dd056p-32f, 0x1.420502p-35f, 0x1.fa4546p-38f},
  };
};
template <> struct gelu_constants<double> {
  static constexpr std::size_t pieces = 8;
  static constexpr std::size_t r_steps = 3, h_steps = 3;
  static constexpr double start[pieces] = {0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0};
  static constexpr double mid[pieces] = {0.0, 0.75, 1.5, 3.0, 6.0, 12.0, 24.0, 36.0};
  static constexpr double a_max = 38.68;  // a_max^2/2 = 748.07, in exp_reduce's range (n >= -1080)
  static constexpr double a0_hi = 0x1.80ead197f00b4p-1, a0_lo = -0x1.13e74c58cada8p-56;
  // R: max relative error 2^-57.6 (coefficients as stored)
  static constexpr double r[pieces][23] = {
      {0x1.0000000000000p-1, -0x1.9884533d43651p-2, 0x1.0000000000000p-2, -0x1.1058377e2cee0p-3, 0x1.0000000000000p-4, -0x1.b3c058c9e17cdp-6, 0x1.5555555555555p-7, -0x1.f200657901b33p-9, 0x1.555555555553dp-10, -0x1.baab04dd568ecp-12, 0x1.111111110ba0cp-13, -0x1.41f0bdb79c93cp-15, 0x1.6c16c15cf54ecp-17, -0x1.8c3bfc10329e6p-19, 0x1.a019f036ad6f5p-21, -0x1.a6a58b32fa842p-23, 0x1.a01193eee21c0p-25, -0x1.8d86a052e73f8p-27, 0x1.7037f11e019f8p-29, -0x1.46eee4fc0234ap-31, 0x1.0a39fa1f346d2p-33, -0x1.5f3199d255fd0p-36, 0x1.0ecd09434109ep-39},  // [0, 0.5]: 2^-57.9
      {0x1.3370237bca626p-2, -0x1.63e07140d7368p-3, 0x1.5bf7f206f35bep-4, -0x1.2c849dfda5456p-5, 0x1.d68c6d8faac3bp-7, -0x1.53aa0f1deecdfp-8, 0x1.c990dfdb419e0p-10, -0x1.22234f0582dbcp-11, 0x1.5cc3a239308b9p-13, -0x1.8f8bc82f9f911p-15, 0x1.b628ade6d1009p-17, -0x1.cda8f3c0808bap-19, 0x1.d4cc0043a131dp-21, -0x1.cc0353537ca38p-23, 0x1.b53193048eb82p-25, -0x1.933de61eb8db3p-27, 0x1.6995f7d8fa90ap-29, -0x1.3bb66880b8727p-31, 0x1.0cca7beac0988p-33, -0x1.bece9144aaaeep-36, 0x1.6b02a08bbf2d4p-38, -0x1.2477f58fab0bbp-40, 0x1.c7279035cb8ccp-43},  // [0.5, 1]: 2^-62.6
      {0x1.a5705596892b7p-3, -0x1.71c04c317211ep-4, 0x1.204038e2e73c1p-5, -0x1.99805968b70ccp-7, 0x1.0d602eb7452eap-8, -0x1.4bf38a32050fap-10, 0x1.826247b6b36cbp-12, -0x1.ab8f478c9658dp-14, 0x1.c41919c3f616cp-16, -0x1.cab518b02e5cep-18, 0x1.c021e7363ac28p-20, -0x1.a6c65ff9edb11p-22, 0x1.821f59a0a450ap-24, -0x1.5620c2ee233cep-26, 0x1.26a812e90e2ddp-28, -0x1.ee25d0fb0c6efp-31, 0x1.9401f32d3d5d3p-33, -0x1.427e6080ec7acp-35, 0x1.f73fbc014702dp-38, -0x1.7fd5526aff392p-40, 0x1.1f0f285be760bp-42, -0x1.b8fdaabd53c41p-45, 0x1.3cb14b4fbfd86p-47},  // [1, 2]: 2^-62.4
      {0x1.f1b89c231e9b8p-4, -0x1.19cef11763837p-5, 0x1.2c08ca0025593p-7, -0x1.2ed73326d2adap-9, 0x1.239d8e8c1d5bdp-11, -0x1.0d3680c58ee91p-13, 0x1.de6e4a7fb6466p-16, -0x1.9a853aac300a1p-18, 0x1.5514bcfd2406cp-20, -0x1.130a16fd20aa6p-22, 0x1.af5d58cae0382p-25, -0x1.4988f93cc56bap-27, 0x1.eb3c4f7d0389cp-30, -0x1.65b70c66784a7p-32, 0x1.fd993e2a9f2f1p-35, -0x1.637175c489b17p-37, 0x1.e606057f13614p-40, -0x1.461ce28c5b1eap-42, 0x1.ad85de26fb393p-45, -0x1.134c3bb0e6ff1p-47, 0x1.5e885c13589e8p-50, -0x1.fab70deb4d8b6p-53, 0x1.370c9b1d10827p-55},  // [2, 4]: 2^-59.8
      {0x1.095608c7b15f1p-4, -0x1.5068c2372ace0p-7, 0x1.a0eee3ca2891ep-10, -0x1.f9cc9d4bb2b74p-13, 0x1.2cab6e8b143f9p-15, -0x1.5eafc97a1c489p-18, 0x1.91a64f4ff9ffap-21, -0x1.c41beda560a83p-24, 0x1.f48ae89d0dcd4p-27, -0x1.10b7fd2e7b66ep-29, 0x1.24afc31efca9fp-32, -0x1.358c973010191p-35, 0x1.42cc467c90e8bp-38, -0x1.4c1179abefe3ap-41, 0x1.5124405ce9fddp-44, -0x1.51e249b319440p-47, 0x1.4e9414356d07ap-50, -0x1.48e8b7f27ac80p-53, 0x1.3e0637b5be207p-56, -0x1.1ed937935de54p-59, 0x1.1005be9b4194fp-62, -0x1.6d65ebc4d334ap-65, 0x1.506676e8b7c8ep-68},  // [4, 8]: 2^-60.4
      {0x1.0e7dcd1d93192p-5, -0x1.63cfc8735fac1p-9, 0x1.d0fb6385ac0e5p-13, -0x1.2ddfa2851ad5dp-16, 0x1.857df7c077214p-20, -0x1.f36e8a8d2efccp-24, 0x1.3e4151e310797p-27, -0x1.932ed64b94899p-31, 0x1.fbc6247f1d5e0p-35, -0x1.3de6d5f8daac5p-38, 0x1.8bcb831184080p-42, -0x1.ea0440ed64940p-46, 0x1.2daa63634be4cp-49, -0x1.71726331af872p-53, 0x1.c1ff4ce9f79b2p-57, -0x1.1021378f8752cp-60, 0x1.48090d5a79a18p-64, -0x1.920fcd3a96cccp-68, 0x1.df6961610417bp-72, -0x1.d79deaee79021p-76, 0x1.17ba361d1f8a4p-79, -0x1.409bf3437fee6p-82, 0x1.75597a65a01dap-86},  // [8, 16]: 2^-59.4
      {0x1.0fdfccbc2d8dap-6, -0x1.694045fe213d7p-11, 0x1.df307b293f2dap-16, -0x1.3d466a213c98fp-20, 0x1.a36dfbb1faa79p-25, -0x1.14c557e6d1d82p-29, 0x1.6ca7f2abd22fcp-34, -0x1.dfa5a7d708662p-39, 0x1.3aed2c479e309p-43, -0x1.9cddad4e33e8bp-48, 0x1.0e2fec5a51ea5p-52, -0x1.610cadb400b19p-57, 0x1.cc94184139843p-62, -0x1.2c03d04837930p-66, 0x1.8620380615169p-71, -0x1.f8800d6e5dc8bp-76, 0x1.46fbf8ef4b2ecp-80, -0x1.b8f68dcf34e4dp-85, 0x1.1cc4ac18567d7p-89, -0x1.0b6bd800309afp-94, 0x1.594e36447937fp-99, -0x1.0ef8e220e7e82p-102, 0x1.5b4168712efaap-107},  // [16, 32]: 2^-57.6
      {0x1.6ad8b9ce9823ep-7, -0x1.4208d360f2903p-12, 0x1.1d98030e83636p-17, -0x1.fa2a81a756532p-23, 0x1.c03440c5a944ap-28, -0x1.8c93d3f984b87p-33, 0x1.5ea188a2a36bdp-38, -0x1.35c5dce2c8ab4p-43, 0x1.117811c0d594bp-48, -0x1.e279b36b03906p-54, 0x1.a94a43b60ecc0p-59, -0x1.7699e81270e41p-64, 0x1.49b4e0712c782p-69, -0x1.21f9b72ce3837p-74, 0x1.fdaf0f13ce42ep-80, -0x1.bf98d9a08b2cbp-85, 0x1.88c8191e5d7f9p-90, -0x1.586a1810b7c13p-95, 0x1.2dcdb748540edp-100, -0x1.08d18289cfec4p-105, 0x1.c9b2448e4b408p-111, -0x1.7a0bf9ed97130p-116, 0x1.19d788a88dc30p-120},  // [32, 38.68]: 2^-67.1
  };
  static constexpr double r_lo[pieces][3] = {
      {-0x1.c99c33c998940p-110, 0x1.cbc0d30ec00c7p-56, -0x1.453e637bd440dp-90},
      {0x1.5b5ccb581f89cp-59, -0x1.3ae79e0fd3a03p-60, 0x1.ca8be024605fbp-61},
      {-0x1.d00ba6107c90ep-59, 0x1.d2fa8fac1fc3dp-58, 0x1.d472047e92f57p-59},
      {-0x1.da9b41d833643p-58, -0x1.833c020d4ba87p-60, 0x1.7cbd46222b1efp-66},
      {0x1.fe1c4aaf40c1ap-62, -0x1.28e839f52bb3ap-62, -0x1.43210e2d8c53fp-64},
      {0x1.0874a781f595ap-62, 0x1.744c7517ccf55p-63, -0x1.d055a5c3ecc1cp-67},
      {-0x1.f4691960e7218p-61, -0x1.974cce79dc1d1p-69, -0x1.1e29c5c7aee25p-75},
      {0x1.f2e192459fcb6p-61, -0x1.6862ec6e1ff40p-72, 0x1.17aa3b5dedc41p-71},
  };
  // H: max relative error 2^-62.3 (coefficients as stored)
  static constexpr double h[pieces][23] = {
      {-0x1.54851a5cc1ec8p-1, 0x1.69c9488d1e636p-3, -0x1.8f9d8b13bcd1cp-4, 0x1.81f108e3a8802p-5, -0x1.4f5ad5e66fcd7p-6, 0x1.0b1609d385f4ep-7, -0x1.8b0aab3fda15cp-9, 0x1.11e7c72fd70bbp-10, -0x1.66c23e98d05bap-12, 0x1.be731f983e0bbp-14, -0x1.0930871eae048p-15, 0x1.2df328e117645p-17, -0x1.4a9e55e6af7fcp-19, 0x1.5d1dfe5b76c07p-21, -0x1.64660fe34494dp-23, 0x1.607ea77b09c3ep-25, -0x1.5264579a823d6p-27, 0x1.3bb6405989230p-29, -0x1.1df761883f27bp-31, 0x1.f182e5ea652cfp-34, -0x1.8e19dacf0a396p-36, 0x1.03168fdf302dep-38, -0x1.8bf1423d25773p-42},  // [0, 0.5]: 2^-62.9
      {-0x1.25265709118d8p-1, 0x1.5bb314936034bp-4, -0x1.2c4eb33704824p-5, 0x1.d63e95b3742fep-7, -0x1.5375a01c59598p-8, 0x1.c94e60913f8bep-10, -0x1.21fb5739e2ed5p-11, 0x1.5c95d85eb31d9p-13, -0x1.8f599143577d5p-15, 0x1.b5f3c542e0992p-17, -0x1.cd733982dfeb9p-19, 0x1.d497478d2557cp-21, -0x1.cbd137f7dbd3fp-23, 0x1.b5035badd57e0p-25, -0x1.931474e739c91p-27, 0x1.6971c87b31785p-29, -0x1.3b9792da4d79fp-31, 0x1.0cb0e054579bfp-33, -0x1.beaeb451b4b63p-36, 0x1.6ae18d4d6e8fep-38, -0x1.207817447ba71p-40, 0x1.c6ffc553aab61p-43, -0x1.5b0e238f38d3ap-45},  // [0.5, 1]: 2^-65.3
      {-0x1.0cadd8a15ae2dp-1, 0x1.853bcf46726a2p-5, -0x1.0deea1c963d53p-6, 0x1.5c778779a9aefp-8, -0x1.a6d4699c07137p-10, 0x1.e5d86b456f968p-12, -0x1.09dd9da5d74e9p-13, 0x1.1674d12977d30p-15, -0x1.182cc059b1944p-17, 0x1.0fb1e4bb97786p-19, -0x1.fd4175deb4e9bp-22, 0x1.ce55d817fbd26p-24, -0x1.97711f243f968p-26, 0x1.5d2cc71c5a488p-28, -0x1.2375fc0cb7699p-30, 0x1.da98455017948p-33, -0x1.795dce876f8aep-35, 0x1.2561df50ab31ep-37, -0x1.be7bbfc687cecp-40, 0x1.4c8717d21566ap-42, -0x1.e62899af5bf55p-45, 0x1.6cabd3446477ap-47, -0x1.007faee7a9910p-49},  // [1, 2]: 2^-63.5
      {-0x1.e9c6ddced89d9p-2, 0x1.479ce6fe9e046p-6, -0x1.3bfa32f77f6e9p-8, 0x1.24c7692286101p-10, -0x1.057d8945c0eb4p-12, 0x1.c38099a471328p-15, -0x1.79b3215bafda5p-17, 0x1.32cdad311f795p-19, -0x1.e4e05f6270f04p-22, 0x1.75574505e5709p-24, -0x1.18815916edec2p-26, 0x1.9bd7025ff2522p-29, -0x1.27bdcd096cd19p-31, 0x1.9feb23191e85dp-34, -0x1.1ea9922e5e712p-36, 0x1.83a518b3de1d3p-39, -0x1.01549b08b322bp-41, 0x1.4fc70505bb484p-44, -0x1.ae9f31288492ap-47, 0x1.0d4f3415293e6p-49, -0x1.4ea44bbff4356p-52, 0x1.d5862d8d38c9dp-55, -0x1.19f52818fa659p-57},  // [2, 4]: 2^-65.2
      {-0x1.c6657e6853013p-2, 0x1.af48f77921b88p-8, -0x1.f288e0292493dp-11, 0x1.1b9709cda67ddp-13, -0x1.3db468ec76181p-16, 0x1.5ea56ec72dfd1p-19, -0x1.7d7056dfc27eep-22, 0x1.9925cf84569dbp-25, -0x1.b0ed90e593399p-28, 0x1.c41181917482bp-31, -0x1.d2069daff41ffp-34, 0x1.da730b1cdd28fp-37, -0x1.dd31297ad0bfap-40, 0x1.da501f7d1d208p-43, -0x1.d20d47de7153dp-46, 0x1.c4bc65aa631dbp-49, -0x1.b31d69b965f9bp-52, 0x1.9f6483c8b0466p-55, -0x1.86cef30c035cdp-58, 0x1.5977299893575p-61, -0x1.3f470017f8c43p-64, 0x1.9a9e86617720ap-67, -0x1.7186d2886e6a8p-70},  // [4, 8]: 2^-62.3
      {-0x1.b0d097fa2db41p-2, 0x1.e9bc3f3f36672p-10, -0x1.32f9305b1b26dp-13, 0x1.7efa9cf99dad4p-17, -0x1.db838d528fe30p-21, 0x1.25cbc9d10d79dp-24, -0x1.69527608e48b8p-28, 0x1.ba4617b5b0dfbp-32, -0x1.0d69cabd4e9d5p-35, 0x1.46b3a2b75ef7fp-39, -0x1.8a57778805eadp-43, 0x1.d9cd27558d289p-47, -0x1.1b575317d3030p-50, 0x1.516123379c177p-54, -0x1.8fe4889aa4187p-58, 0x1.d733477f5f6cdp-62, -0x1.14cd6de8a542ep-65, 0x1.49e21f65054dep-69, -0x1.7ffff06b79e85p-73, 0x1.78a32179a77bbp-77, -0x1.b445ceb95ec85p-81, 0x1.d6998652aed92p-84, -0x1.0c5172eb9c0a9p-87},  // [8, 16]: 2^-64.5
      {-0x1.a4ff17a683554p-2, 0x1.034d0d74f0047p-11, -0x1.504d913aa62c2p-16, 0x1.b39c1736dad1fp-21, -0x1.19c193fafcceap-25, 0x1.6c0363306c137p-30, -0x1.d5ace63c8a2afp-35, 0x1.2e9c5dc098f28p-39, -0x1.856fa7b28b816p-44, 0x1.f4857f3cd9aa9p-49, -0x1.413a4c4fb807ep-53, 0x1.9bc73aaca7d2dp-58, -0x1.0795b27d04936p-62, 0x1.51134232eda1ep-67, -0x1.ae67cb864eba4p-72, 0x1.11813ace23a7ep-76, -0x1.5c55fc4ac7c87p-81, 0x1.cb99ad812ee5ap-86, -0x1.23cf7485d1a36p-90, 0x1.153819663257dp-95, -0x1.5fdf51431efa3p-100, 0x1.0412901fdf391p-103, -0x1.481a650d7fd63p-108},  // [16, 32]: 2^-62.9
      {-0x1.a0e883bcc3144p-2, 0x1.d548e535c8781p-13, -0x1.99d593b750948p-18, 0x1.65b4fe47fc3dep-23, -0x1.38071c3b9c498p-28, 0x1.1005ccdd61f54p-33, -0x1.da03e6eb51c37p-39, 0x1.9cc1c57ae1143p-44, -0x1.67341f24164b3p-49, 0x1.386a07138bc80p-54, -0x1.0f8f118a3d052p-59, 0x1.d7d02404fc3f2p-65, -0x1.99a06a264a517p-70, 0x1.636cd8bdeca7bp-75, -0x1.343647ae9a605p-80, 0x1.0b1c745882d7ap-85, -0x1.ceb4be8024182p-91, 0x1.90838d63b1475p-96, -0x1.5a7fa54ee9fbfp-101, 0x1.2c2d63f5306cap-106, -0x1.004f76284fc31p-111, 0x1.a2f1c7950b5e5p-117, -0x1.31ed92fe80ed2p-121},  // [32, 38.68]: 2^-70.7
  };
  static constexpr double h_lo[pieces][3] = {
      {0x1.f6bf434dcfba2p-56, -0x1.7ee54cafadb94p-57, 0x1.6c8e5076213bcp-59},
      {0x1.0e8891928220cp-55, 0x1.8eef302f57a8ap-59, 0x1.3b791310c110fp-59},
      {0x1.9286398cb946ap-56, 0x1.04e31b3f4478cp-63, -0x1.2d139c195bf0ep-60},
      {-0x1.3d4978d7282c7p-56, 0x1.0f31627a0aa15p-60, 0x1.9b4c2ec544a28p-62},
      {-0x1.74d7fa12d657fp-57, -0x1.3cac3500b269fp-62, 0x1.dd348698858ecp-65},
      {-0x1.0b39dbff96527p-56, 0x1.6d33b10d3f846p-65, -0x1.a21d3db20ee81p-69},
      {0x1.a58b19ee65c99p-57, -0x1.ec9ea6333bfaap-65, 0x1.60cf6b59b3832p-74},
      {0x1.cacfe6977bcbbp-56, 0x1.3f0406b43529ap-67, 0x1.a3af7b54e6950p-73},
  };
};

// The tables as lookup16 reads them: coefficient k of every piece in one row of 16 (pieces
// past P are 0, never read), built at compile time from the tables above (one row per piece).
template <class T, std::size_t N> struct gelu_columns { alignas(64) T c[N][16]; };
template <class T, std::size_t P, std::size_t N>
constexpr gelu_columns<T, N> gelu_transpose(const T (&rows)[P][N]) noexcept {
  static_assert(P <= 16);
  gelu_columns<T, N> out{};
  for (std::size_t i = 0; i < P; ++i) {
    for (std::size_t k = 0; k < N; ++k) out.c[k][i] = rows[i][k];
  }
  return out;
}
template <class T, std::size_t P>
constexpr gelu_columns<T, 1> gelu_transpose(const T (&row)[P]) noexcept {
  static_assert(P <= 16);
  gelu_columns<T, 1> out{};
  for (std::size_t i = 0; i < P; ++i) out.c[0][i] = row[i];
  return out;
}
template <class T> struct gelu_tables {
  using C = gelu_constants<T>;
  static constexpr auto mid = gelu_transpose(C::mid);
  static constexpr auto r = gelu_transpose(C::r), r_lo = gelu_transpose(C::r_lo);
  static constexpr auto h = gelu_transpose(C::h), h_lo = gelu_transpose(C::h_lo);
};

// The index of the piece that holds a, as a T, once per vector; every coefficient is then one
// lookup16 with it. The pieces start at 0 and at the powers of two from 1/2, so the index is
// a's binary exponent + 2, clamped to the pieces (max(a, 1/8) keeps the exponent's argument
// normal, and NaN out: x86's max returns its second operand for NaN).
template <class V> ACTIV_INLINE constexpr V gelu_index(V a) noexcept {
  using T = lane_t<V>;
  using C = gelu_constants<T>;
  static_assert(C::start[1] == T(0.5) && C::start[C::pieces - 1] == T(1 << (C::pieces - 3)));
  const V e = exponent_split(max(a, V(0.125))).exponent;
  return min(V(static_cast<T>(C::pieces - 1)), max(V(0), e + V(2)));
}

// The piecewise polynomial sum_k c_k t^k of piece i as a double-word: Horner's rule in T
// down to t^D, then D double-word steps acc t + (c_hi + c_lo) (D = r_steps or h_steps) whose
// products and sums are exact but for the dropped lo * lo terms. The sums are fast two-sums:
// on every piece |c_k| >= 2 |acc t| (k <= 2, measured on the tables), so they are exact.
// The steps are unrolled, so every coefficient row is a constant.
template <std::size_t D, class V, class T, std::size_t N, std::size_t... K>
ACTIV_INLINE constexpr dword<V> gelu_poly(V i, V t, const gelu_columns<T, N>& hi, const gelu_columns<T, 3>& lo,
                                          std::index_sequence<K...>) noexcept {
  static_assert(D >= 1 && D <= 3);
  V p = lookup16(i, hi.c[N - 1]);
  ((p = fma(p, t, lookup16(i, hi.c[N - 2 - K]))), ...);  // k = N - 2 down to D
  const auto step = [&](std::size_t k, V ph, V pl) {
    const dword<V> s = fast_two_sum(lookup16(i, hi.c[k]), ph);
    return dword<V>{s.hi, s.lo + (pl + lookup16(i, lo.c[k]))};
  };
  const V p1 = p * t;
  dword<V> acc = step(D - 1, p1, fma(p, t, -p1));  // p has no low word yet
  const auto dword_step = [&](std::size_t k) {
    const V ph = acc.hi * t;
    acc = step(k, ph, fma(acc.hi, t, -ph) + acc.lo * t);
  };
  if constexpr (D == 3) dword_step(1);
  if constexpr (D >= 2) dword_step(0);
  return acc;
}
template <std::size_t D, class V, class T, std::size_t N>
ACTIV_INLINE constexpr dword<V> gelu_poly(V i, V t, const gelu_columns<T, N>& hi,
                                          const gelu_columns<T, 3>& lo) noexcept {
  return gelu_poly<D>(i, t, hi, lo, std::make_index_sequence<N - 1 - D>{});
}

// e^(-a^2/2) = 2^n u, with a^2 = s + s_lo exactly (fma), for 0 <= a <= a_max.
template <class V> ACTIV_INLINE constexpr exp_split<V> gelu_gauss(V a) noexcept {
  const V s = a * a;
  return exp_reduce(V(-0.5) * s, V(-0.5) * fma(a, a, -s));
}

// a = min(a_max, |x|) (NaN stays NaN; its piece is 0), the index i of its piece and
// t = a - mid of the piece.
template <class V> struct gelu_arg { V a, i, t; };
template <class V> ACTIV_INLINE constexpr gelu_arg<V> gelu_reduce(V x) noexcept {
  using T = lane_t<V>;
  using C = gelu_constants<T>;
  const V a = min(V(C::a_max), abs(x));
  const V i = gelu_index(a);
  return {a, i, a - lookup16(i, gelu_tables<T>::mid.c[0])};
}

// gelu(x) = x < 0 ? x 2^n (u R) : x (1 - 2^n u R), each rounded once (twice where the negative
// side is subnormal, the second time by the exact power of two); sign of x (gelu(-0) = -0,
// and the tail below -a_max is -0, not PyTorch's flush from -5.5 or NaN at -inf).
template <class V> ACTIV_INLINE constexpr V gelu_erf(V x) noexcept {
  using C = gelu_constants<lane_t<V>>;
  using G = gelu_tables<lane_t<V>>;
  const auto [a, i, t] = gelu_reduce(x);
  const auto [n, u] = gelu_gauss(a);
  const dword<V> h = mul(u, gelu_poly<C::r_steps>(i, t, G::r, G::r_lo));  // Phi(-a) / 2^n
  const V xc = clamp_in_constant_evaluation(x, C::a_max);  // inf * 0 where big is selected
  const V neg = ldexp(fma(xc, h.hi, xc * h.lo), n);
  const V scale = ldexp(V(1), n);  // 0 or subnormal only where Phi(-a) is far below ulp(1)
  const dword<V> q = fast_two_sum(V(1), -(h.hi * scale));
  const V pos = fma(xc, q.hi, xc * (q.lo - h.lo * scale));
  const V big = select(x < V(0), V(0), x);
  return copysign(select(abs(x) > V(C::a_max), big, select(x < V(0), neg, pos)), x);
}

// gelu'(x) = Phi(x) + x phi(x) = x < 0 ? K : 1 - K, K = 2^n u (a - a0) H(a), with a - a0 an
// exact two-sum (plus a0's low word): K keeps its relative accuracy through the zero at
// x = -a0. Limits 1 at +inf and -0 at -inf (PyTorch: NaN); 1/2 at 0.
template <class V> ACTIV_INLINE constexpr V gelu_erf_derivative(V x) noexcept {
  using C = gelu_constants<lane_t<V>>;
  using G = gelu_tables<lane_t<V>>;
  const auto [a, i, t] = gelu_reduce(x);
  const auto [n, u] = gelu_gauss(a);
  // a - a0 = d0 + (d0.lo - a0_lo) renormalised: at a = a0_hi the difference is a0_lo alone,
  // which must be the high word (a hi of 0 would leave the products below with one word).
  const dword<V> d0 = two_sum(a, V(-C::a0_hi));
  const dword<V> d = fast_two_sum(d0.hi, d0.lo - V(C::a0_lo));  // |d0.hi| >= |a0_lo| or 0
  const dword<V> k = mul(mul(u, d), gelu_poly<C::h_steps>(i, t, G::h, G::h_lo));  // K / 2^n
  const V neg = ldexp(k.hi + k.lo, n);
  const V scale = ldexp(V(1), n);
  const dword<V> q = fast_two_sum(V(1), -(k.hi * scale));  // |K| <= 1/2
  const V pos = q.hi + (q.lo - k.lo * scale);
  const V big = select(x < V(0), V(-0.0), V(1));
  return select(abs(x) > V(C::a_max), big, select(x < V(0), neg, pos));
}

// Tanh form: gelu(x) ~ x/2 (1 + tanh(u)) = x sigmoid(w), w = 2u = k x (1 + b x^2) with
// k = 2 sqrt(2/pi) and b = 0.044715 as double-words; w' = k (1 + 3 b x^2). x is clamped to
// [lo, hi] (so x^2 never overflows): below lo the exact value and derivative are under half the
// least subnormal (-0), above hi they round to x and 1.
template <class T> struct gelu_tanh_constants;
template <> struct gelu_tanh_constants<float> {
  static constexpr float k_hi = 0x1.988454p+0f, k_lo = -0x1.857936p-25f;    // 1.59576912
  static constexpr float b_hi = 0x1.6e4e26p-5f, b_lo = 0x1.a9003ep-30f;     // 0.044715
  static constexpr float b3_hi = 0x1.12ba9ep-3f, b3_lo = -0x1.c13fdp-28f;   // 0.134145
  static constexpr float lo = -11.2f, hi = 8.0f;  // w(lo) = -118.4, above silu's clamp -120
  static constexpr float z_min = -120.0f;
};
template <> struct gelu_tanh_constants<double> {
  static constexpr double k_hi = 0x1.9884533d43651p+0, k_lo = -0x1.cbc0d30ebfd15p-54;
  static constexpr double b_hi = 0x1.6e4e26d4801f7p-5, b_lo = 0x1.441355475a31ap-59;
  static constexpr double b3_hi = 0x1.12ba9d1f60179p-3, b3_lo = 0x1.f30e7ff583a54p-57;
  static constexpr double lo = -21.65, hi = 16.0;  // w(lo) = -758.7
  static constexpr double z_min = -760.0;
};

// k x (1 + c x^2) as a double-word, for c = b (w) or 3b (w' x), x^2 = s + s_lo exactly.
template <class V>
ACTIV_INLINE constexpr dword<V> gelu_tanh_cubic(V x, dword<V> x2, V c_hi, V c_lo) noexcept {
  using C = gelu_tanh_constants<lane_t<V>>;
  const dword<V> cx2 = mul(dword<V>{c_hi, c_lo}, x2);
  const dword<V> s0 = two_sum(V(1), cx2.hi);
  return mul(dword<V>{V(C::k_hi), V(C::k_lo)}, mul(dword<V>{x, V(0)}, {s0.hi, s0.lo + cx2.lo}));
}

// The clamped x, x^2 exactly, and the logistic split of z = -|w|.
template <class V> struct gelu_tanh_arg { V x; dword<V> x2; logistic_split<V> p; };
template <class V> ACTIV_INLINE constexpr gelu_tanh_arg<V> gelu_tanh_reduce(V x) noexcept {
  using C = gelu_tanh_constants<lane_t<V>>;
  const V xc = max(V(C::lo), min(V(C::hi), x));  // keeps NaN
  const V s = xc * xc;
  const dword<V> x2{s, fma(xc, xc, -s)};
  const dword<V> w = gelu_tanh_cubic(xc, x2, V(C::b_hi), V(C::b_lo));
  const V z = max(V(C::z_min), -abs(w.hi));
  return {xc, x2, logistic_unclamped(z, select(w.hi > V(0), -w.lo, w.lo))};
}

template <class V> ACTIV_INLINE constexpr V gelu_tanh(V x) noexcept {
  using C = gelu_tanh_constants<lane_t<V>>;
  const auto r = gelu_tanh_reduce(x);
  const V y = x_sigmoid(r.x, r.p);
  return copysign(select(x > V(C::hi), x, select(x < V(C::lo), V(0), y)), x);
}

// d/dx x sigmoid(w) = sigmoid(w) (1 + x w' sigmoid(-w)), PyTorch's autograd formula, exactly;
// limits 1 and -0 outside [lo, hi] (PyTorch: NaN where x^2 overflows).
template <class V> ACTIV_INLINE constexpr V gelu_tanh_derivative(V x) noexcept {
  using C = gelu_tanh_constants<lane_t<V>>;
  const auto r = gelu_tanh_reduce(x);
  const V d = x_sigmoid_derivative(r.x, gelu_tanh_cubic(r.x, r.x2, V(C::b3_hi), V(C::b3_lo)), r.p);
  return select(x > V(C::hi), V(1), select(x < V(C::lo), V(-0.0), d));
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
