package io.atelier.trainer.messaging;

import io.atelier.testsupport.ChannelTopicsContract;

class ChannelTopicsTest extends ChannelTopicsContract {
}
