package io.atelier.inference.messaging;

import io.atelier.testsupport.ChannelTopicsContract;

class ChannelTopicsTest extends ChannelTopicsContract {
}
